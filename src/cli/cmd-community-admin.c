/*
 * cmd-community-admin.c - the operator's part of pace community: spaces,
 * moderators, brand names and the number of held first posts.
 */
#include "cli/cli.h"

#include <stdio.h>

int cmd_community_admin(int argc, char **argv)
{
    return cli_usage_error("unknown community command %s; see pace help community\n", argv[0]);
}
