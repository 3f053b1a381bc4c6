#!/usr/bin/env node
import meow from 'meow';
import {runCommand} from './source/commands/run-command.js';

const cli = meow(
	`
	Usage
	  $ rescale-apptainer <command> [PATH] [options]

	From a repository with a Dockerfile to an Apptainer image on Rescale.

	Commands
	  validate [PATH]   Check a Dockerfile for what breaks images in practice
	                    (torch/CUDA wheel mismatches, prompts that hang builds,
	                    instructions Apptainer ignores...). Exit 1 on errors.
	  convert [PATH]    Write the equivalent Apptainer definition file to stdout
	                    (or to --output); how it differs from Docker goes to stderr.

	PATH is a Dockerfile or the folder holding one (default: the current folder).

	Options
	  --json            Machine-readable output (see README: JSON output)
	  --output, -o FILE convert: write the definition file to FILE
	  --help            Show this help
	  --version         Show the version

	Exit status
	  0 done, 1 the Dockerfile has errors, 2 the input could not be read

	Examples
	  $ rescale-apptainer validate examples/gauge-equivariant-mesh-cnn
	  $ rescale-apptainer convert examples/gauge-equivariant-mesh-cnn -o gem-cnn.def
`,
	{
		importMeta: import.meta,
		flags: {
			json: {type: 'boolean', default: false},
			output: {type: 'string', shortFlag: 'o'},
		},
	},
);

process.exitCode = await runCommand(cli.input, cli.flags, () => cli.showHelp(0));
