// Replaced by the command tree (Cutover.Cli/Commands); kept minimal so the solution builds.
return 0;
