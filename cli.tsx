#!/usr/bin/env node
import {runCommandLine} from './source/commands/run-command.js';

process.exitCode = await runCommandLine(process.argv.slice(2));
