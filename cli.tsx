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
	  sandbox           Run a local simulation of the Rescale API (for workshops,
	                    demos and tests) until Ctrl-C; prints its URL and API key.

	PATH is a Dockerfile or the folder holding one (default: the current folder).

	Options
	  --json            Machine-readable output (see README: JSON output)
	  --output, -o FILE convert: write the definition file to FILE

	Sandbox options
	  --port N          Port on 127.0.0.1 (default 0: a free one)
	  --speed X         Jobs run X times faster than real time (default 5)
	  --faults SPEC     Inject faults, e.g. 429=0.1,500=0.05,reset=0.02,slow=0.1,seed=7
	  --state DIR       Keep files and jobs in DIR across restarts
	  --api-key KEY     Use this sandbox key instead of a random one
	  --help            Show this help
	  --version         Show the version

	Exit status
	  0 done, 1 the Dockerfile has errors, 2 the input could not be read

	Examples
	  $ rescale-apptainer validate examples/gauge-equivariant-mesh-cnn
	  $ rescale-apptainer convert examples/gauge-equivariant-mesh-cnn -o gem-cnn.def
	  $ rescale-apptainer sandbox --port 8787 --speed 10
`,
	{
		importMeta: import.meta,
		flags: {
			json: {type: 'boolean', default: false},
			output: {type: 'string', shortFlag: 'o'},
			port: {type: 'number'},
			speed: {type: 'number'},
			faults: {type: 'string'},
			state: {type: 'string'},
			apiKey: {type: 'string'},
		},
	},
);

process.exitCode = await runCommand(cli.input, cli.flags, () => cli.showHelp(0));
