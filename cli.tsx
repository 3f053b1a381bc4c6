#!/usr/bin/env node
import meow from 'meow';
import {runCommand} from './source/commands/run-command.js';

const cli = meow(
	`
	Usage
	  $ rescale-apptainer [command] [PATH] [options]

	From a repository with a Dockerfile to an Apptainer image running on Rescale.

	Commands
	  wizard [PATH]     (the default) Five guided steps in the terminal: validate,
	                    review the def, API key (or the sandbox), build, run
	  validate [PATH]   Check a Dockerfile for what breaks images in practice
	                    (torch/CUDA wheel mismatches, prompts that hang builds,
	                    instructions Apptainer ignores...). Exit 1 on errors.
	  convert [PATH]    Write the equivalent Apptainer definition file to stdout
	                    (or to --output); how it differs from Docker goes to stderr.
	  login             Store a Rescale API key (asked for, hidden, and checked first)
	  logout            Remove the stored key
	  build [PATH]      Build the image on Rescale and file the SIF as an input file
	  run -- [COMMAND]  Run a SIF on a (GPU) coretype and collect its outputs
	  sandbox           Run a local simulation of the Rescale API (for workshops,
	                    demos and tests) until Ctrl-C; prints its URL and API key.

	PATH is a Dockerfile or the folder holding one (default: the current folder).

	Options
	  --json            validate/convert/sandbox: machine-readable output
	  --output, -o FILE convert: write the definition file to FILE

	Rescale options (wizard, login, build, run)
	  --platform P      us (default), eu, jp, kr, itar, gov, or a URL
	  --sandbox         Use an embedded sandbox instead of Rescale (nothing is billed)
	  --api-key KEY     Discouraged: it lands in your shell history. Use login, or
	                    the RESCALE_API_KEY environment variable.
	  --yes             Submit without asking (needed when not at a terminal)
	  --new             Start a new job even if one for the same plan is in flight
	  --stop-on-exit    On Ctrl-C, stop the job instead of leaving it running
	  --out DIR         Where plans and generated files go (default .rescale-apptainer)
	  --report FILE     wizard: write a Markdown record of the session for support

	Build options
	  --fix             Apply the suggested fixes to the generated def (not on disk)
	  --force           Build even though validation found errors
	  --name NAME       Image name (default: the context folder's name)
	  --context MODE    auto (default), upload (a .tar.gz that honours .dockerignore)
	                    or git (the build node clones the pushed commit)
	  --image docker://REPO:TAG   Build from an existing image, no Dockerfile
	  --image docker-daemon://NAME:TAG   Pack an image from the local Docker engine
	  --coretype CODE   Default emerald      --cores N   Default 2
	  --walltime H      Hours, default 2

	Run options
	  --sif NAME|ID     The image (a .sif in your cloud storage)
	  --coretype CODE   A GPU coretype, e.g. aquamarine_v3 (run lists them)
	  --cores N         One of the coretype's core counts (default its smallest)
	  --walltime H      Hours, default 1
	  --download DIR    Fetch the output files when the job ends
	  After --, the command: a whole "apptainer ..." line, or arguments for
	  "apptainer run --nv IMAGE" (the default command).

	Sandbox options
	  --port N          Port on 127.0.0.1 (default 0: a free one)
	  --speed X         Jobs run X times faster than real time (default 5;
	                    20 for the embedded --sandbox)
	  --faults SPEC     Inject faults, e.g. 429=0.1,500=0.05,reset=0.02,slow=0.1,seed=7
	  --state DIR       Keep files and jobs in DIR across restarts
	  --api-key KEY     Use this sandbox key instead of a random one

	Exit status
	  0 done, 1 the Dockerfile has errors or the job failed, 2 bad input,
	  130 interrupted (a submitted job keeps running unless --stop-on-exit)

	Examples
	  $ rescale-apptainer validate examples/gauge-equivariant-mesh-cnn
	  $ rescale-apptainer convert examples/gauge-equivariant-mesh-cnn -o gem-cnn.def
	  $ rescale-apptainer build examples/gauge-equivariant-mesh-cnn --fix --sandbox
	  $ rescale-apptainer run --sandbox --sif gauge-equivariant-mesh-cnn.sif \\
	      --coretype aquamarine_v3 -- python /workspace/experiments/shapes.py
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
			platform: {type: 'string'},
			sandbox: {type: 'boolean', default: false},
			out: {type: 'string'},
			yes: {type: 'boolean', default: false},
			fix: {type: 'boolean', default: false},
			force: {type: 'boolean', default: false},
			new: {type: 'boolean', default: false},
			stopOnExit: {type: 'boolean', default: false},
			name: {type: 'string'},
			image: {type: 'string'},
			context: {type: 'string'},
			coretype: {type: 'string'},
			cores: {type: 'number'},
			walltime: {type: 'number'},
			sif: {type: 'string'},
			download: {type: 'string'},
			report: {type: 'string'},
		},
	},
);

process.exitCode = await runCommand(cli.input, cli.flags);
