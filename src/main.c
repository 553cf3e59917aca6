/* main.c - the pace program: picks the command (src/cli). */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
