#!/usr/bin/env node
/** The `entra-pim` command (package.json `bin`): see `entra-pim --help`. */
import { main } from "./main";

// cdktf records a stack trace for every token it creates; source maps make that slow, and users
// see messages, not traces (DEBUG=1 turns them back on).
if (!process.env.DEBUG) process.setSourceMapsEnabled(false);
process.exitCode = main(process.argv.slice(2));
