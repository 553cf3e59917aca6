/* cmd-backup.c - pace backup FILE: a consistent copy, even while serving. */
#include "cli/cli.h"

#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cmd_backup(int argc, char **argv)
{
    const char *data = NULL, *file = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("--data needs a value");
        } else if (argv[i][0] == '-' || file != NULL) {
            return cli_usage_error("backup takes one FILE; see 'pace backup --help'");
        } else {
            file = argv[i];
        }
    }
    if (file == NULL)
        return cli_usage_error("backup needs the FILE to write");
    if (access(file, F_OK) == 0)
        return cli_usage_error("%s already exists; choose a new file name", file);
    struct store *s;
    struct pace_error err = {0};
    if (cli_store_open(data, NULL, &s, &err) != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    int rc = store_backup(s, file, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "pace: %s\n", err.msg);
        return 1;
    }
    fprintf(stderr,
            "pace: backup written to %s (the key file %s/pace.key is needed to read "
            "encrypted notes; keep a copy of it somewhere safe)\n",
            file, cli_data_dir(data));
    return 0;
}
