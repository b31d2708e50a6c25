#!/usr/bin/env node
/** The `entra-pim` command (package.json `bin`): see `entra-pim --help`. */
import { mainAsync } from "./main";

// cdktf records a stack trace for every token it creates; source maps make that slow, and users
// see messages, not traces (DEBUG=1 turns them back on).
if (!process.env.DEBUG) process.setSourceMapsEnabled(false);
void mainAsync(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
