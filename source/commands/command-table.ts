import type {CommandFlags, FlagName} from './flags.js';
import type {Output} from './output.js';

type Run = (args: string[], flags: CommandFlags, output: Output) => Promise<number>;

/**
 * One command of the CLI: what it takes, the flags it honours (each with the help line that says
 * what the flag does for this command), and its code, loaded only when it runs.
 */
export type CommandSpec = {
	name: string;
	/** One line for the overview. */
	brief: string;
	usage: string;
	summary: string[];
	/** How many positional words it takes at most ('command' for `run`: all of them). */
	paths: 0 | 1 | 2 | 'command';
	flags: Array<[FlagName, string]>;
	notes?: string[];
	/** The exit statuses its code returns, each with when (a bug's 70 is added for all; \n continues on the next line). */
	exits: Array<[number, string]>;
	run: Run;
};

const platformFlags: Array<[FlagName, string]> = [
	['platform', '--platform P      us, eu, jp, kr, itar, gov or a URL (or RESCALE_PLATFORM)'],
	['apiKey', '--api-key KEY     Discouraged (shell history): use login or RESCALE_API_KEY'],
	['project', '--project ID|NAME Charge jobs to this project (or RESCALE_PROJECT)'],
	['sandbox', '--sandbox         Simulate Rescale on this machine (nothing is billed)'],
	['speed', '--speed X         With --sandbox: jobs run X times faster (default 20)'],
	['faults', '--faults SPEC     With --sandbox: inject faults, e.g. 429=0.1,reset=0.02'],
	['out', '--out DIR         Plans and generated files (default .rescale-apptainer)'],
];

const bugExit: [number, string] = [70, 'a bug in rescale-apptainer (please report it)'];
const badInput: [number, string] = [2, 'bad input (a flag, a PATH, a folder that does not exist, the key, a\nsetting), or no terminal to ask on and no --yes: nothing was submitted'];
const interrupted: [number, string] = [130, 'interrupted (Ctrl-C): what was left running is said'];

const jobFlags: Array<[FlagName, string]> = [
	['yes', '--yes             Submit without asking (needed when not at a terminal)'],
	['new', '--new             Start a new job even if the same one is in flight'],
	['stopOnExit', '--stop-on-exit    On Ctrl-C, stop the job instead of leaving it running'],
];

export const commands: CommandSpec[] = [
	{
		name: 'wizard',
		brief: '(the default) Five guided steps: validate, review, key, build, run',
		usage: 'rescale-apptainer [wizard] [PATH] [options]',
		summary: [
			'Five guided steps in the terminal: validate the Dockerfile, review the def,',
			'API key (or the sandbox), build on Rescale, run on a GPU. The default command.',
		],
		paths: 1,
		flags: [
			...platformFlags,
			['new', '--new             Start new jobs even if the same ones are in flight'],
			['stopOnExit', '--stop-on-exit    On Ctrl-C, stop a running job instead of leaving it'],
			['report', '--report FILE     Write a Markdown record of the session for support'],
		],
		notes: ['rescale-apptainer PATH is rescale-apptainer wizard PATH (a folder named like a', 'command is written ./NAME).'],
		exits: [[0, 'finished or quit'], [1, 'the run found its command failed'], [2, 'bad input, or no terminal to draw on'], interrupted],
		async run([target], flags, output) {
			if (flags.out) {
				const {checkWritableTarget} = await import('./output-paths.js');
				checkWritableTarget({flag: '--out', path: flags.out, kind: 'folder', nothingDone: 'nothing has started'});
			}

			// The one way from the headless commands into the wizard: loaded only when it runs.
			const {startWizard} = await import('../wizard/start-wizard.js');
			return startWizard(target, flags, output);
		},
	},
	{
		name: 'validate',
		brief: 'Check a Dockerfile for what breaks images in practice',
		usage: 'rescale-apptainer validate [PATH] [--json]',
		summary: [
			'Check a Dockerfile for what breaks images in practice (torch/CUDA wheel',
			'mismatches, prompts that hang builds, instructions Apptainer ignores...).',
			'Exit 1 when it finds errors.',
		],
		paths: 1,
		flags: [['json', '--json            The findings as JSON']],
		exits: [[0, 'no errors (warnings may be listed)'], [1, 'the Dockerfile has errors'], [2, 'no Dockerfile to read, or bad input']],
		async run([target = '.'], flags, output) {
			const {validateCommand} = await import('./validate.js');
			return validateCommand(target, flags, output);
		},
	},
	{
		name: 'convert',
		brief: 'Write the equivalent Apptainer definition file',
		usage: 'rescale-apptainer convert [PATH] [-o FILE] [--no-smoke-test] [--json]',
		summary: [
			'Write the equivalent Apptainer definition file to stdout (or to --output);',
			'how it differs from Docker goes to stderr.',
		],
		paths: 1,
		flags: [
			['output', '--output, -o FILE Write the definition file to FILE'],
			['smokeTest', '--no-smoke-test   No %test (it imports what the image installs)'],
			['json', '--json            The def, its source map, notes and findings as JSON'],
		],
		exits: [[0, 'the definition file was written'], [1, 'the Dockerfile cannot be converted (syntax errors, no FROM)'], [2, 'no Dockerfile to read, FILE\'s folder does not exist or FILE cannot be\nwritten, or bad input: nothing was written']],
		async run([target = '.'], flags, output) {
			const {convertCommand} = await import('./convert.js');
			return convertCommand(target, flags, output);
		},
	},
	{
		name: 'login',
		brief: 'Store a Rescale API key (asked for, hidden, checked first)',
		usage: 'rescale-apptainer login [--platform P] [--api-key KEY]',
		summary: ['Store a Rescale API key: asked for (hidden), checked against the platform,', 'then stored readable only by you.'],
		paths: 0,
		flags: [
			['platform', '--platform P      us, eu, jp, kr, itar, gov or a URL (or RESCALE_PLATFORM)'],
			['apiKey', '--api-key KEY     Discouraged (shell history); a pipe may give it on stdin'],
		],
		exits: [[0, 'the key was checked and stored'], [1, 'the platform refused the key or could not be reached: not stored'], [2, 'no key given, or bad input'], [130, 'Ctrl-C at the prompt: nothing stored']],
		async run(_args, flags, output) {
			const {loginCommand} = await import('./login.js');
			return loginCommand(flags, output);
		},
	},
	{
		name: 'logout',
		brief: 'Remove the stored key',
		usage: 'rescale-apptainer logout',
		summary: ['Remove the stored API key.'],
		paths: 0,
		flags: [],
		exits: [[0, 'no key is stored any more (also when none was)'], [2, 'it was given a word or an option: nothing removed']],
		async run(_args, _flags, output) {
			const {logoutCommand} = await import('./login.js');
			return logoutCommand(output);
		},
	},
	{
		name: 'build',
		brief: 'Build the image on Rescale and file the SIF as an input file',
		usage: 'rescale-apptainer build [PATH] [options]',
		summary: ['Build the image on Rescale from the Dockerfile; file the SIF as an input file.'],
		paths: 1,
		flags: [
			...platformFlags,
			...jobFlags,
			['fix', '--fix             Apply the suggested fixes to the def (not the Dockerfile)'],
			['force', '--force           Build even though validation found errors'],
			['rebuild', '--rebuild         Build even though this def and context were built already'],
			['smokeTest', '--no-smoke-test   No %test: the build does not check what installs import'],
			['name', '--name NAME       Image name (default: the context folder\'s name)'],
			['context', '--context MODE    auto (default), upload (honours .dockerignore) or git'],
			['image', '--image URI       docker://REPO:TAG or docker-daemon://NAME:TAG instead'],
			['coretype', '--coretype CODE   Build coretype (default emerald)'],
			['cores', '--cores N         Cores of the build node (default 2)'],
			['walltime', '--walltime H      Hours before the build is stopped (default 2)'],
			['lowPriority', '--low-priority    At the low-priority price (cheaper; may wait for capacity)'],
		],
		exits: [[0, 'the image was built and filed, or was built already (nothing submitted)'], [1, 'the build failed or was not confirmed, or Rescale refused or failed'], badInput, interrupted],
		async run([target], flags, output) {
			const {buildCommand} = await import('./build.js');
			return buildCommand(target, flags, output);
		},
	},
	{
		name: 'run',
		brief: 'Run a SIF on a (GPU) coretype and collect its outputs',
		usage: 'rescale-apptainer run --sif NAME|ID --coretype CODE [options] [-- COMMAND]',
		summary: ['Run a SIF on a (GPU) coretype, follow it, and collect its outputs.'],
		paths: 'command',
		flags: [
			...platformFlags,
			...jobFlags,
			['sif', '--sif NAME|ID     The image (a .sif in your cloud storage)'],
			['coretype', '--coretype CODE   A GPU coretype, e.g. aquamarine_v3 (omit it for a list)'],
			['cores', '--cores N         One of the coretype\'s core counts (default its smallest)'],
			['walltime', '--walltime H      Hours before the job is stopped (default 1)'],
			['download', '--download DIR    Fetch the output files (not the inputs) when the job ends'],
			['lowPriority', '--low-priority    At the low-priority price (cheaper; may wait for capacity)'],
			['force', '--force           Submit to a GPU coretype the image cannot use'],
		],
		notes: [
			'After --, the command: a whole "apptainer ..." line, or arguments for',
			'"apptainer run --nv IMAGE" (the default command).',
		],
		exits: [[0, 'the job ended and its command succeeded'], [1, 'the job failed or was not confirmed, or Rescale refused or failed'], badInput, interrupted],
		async run(args, flags, output) {
			const {runCommandLine} = await import('./run.js');
			return runCommandLine(args, flags, output);
		},
	},
	{
		name: 'download',
		brief: 'Download an ended job\'s output files (no new job)',
		usage: 'rescale-apptainer download JOB [DIR] [options]',
		summary: [
			'Download the output files of an ended job (not its inputs, such as the image)',
			'into DIR (default ./rescale-outputs/JOB). Nothing is submitted or billed.',
			'Exit 1 when the job has not ended or a file could not be downloaded.',
		],
		paths: 2,
		flags: platformFlags.filter(([name]) => name !== 'project'),
		notes: ['Names from the platform stay inside DIR (no ../ ways out); DIR must not be', 'an existing file, and the folder it is in must exist.'],
		exits: [[0, 'every output file was downloaded (or the job has none)'], [1, 'the job has not ended, or Rescale refused or failed (a file is missing)'], [2, 'no JOB, DIR is a file or its folder does not exist, or bad input'], [130, 'interrupted (Ctrl-C): run the same command again']],
		async run(args, flags, output) {
			const {downloadCommand} = await import('./download.js');
			return downloadCommand(args, flags, output);
		},
	},
	{
		name: 'doctor',
		brief: 'Check the key, platform, analysis, coretypes and projects (read-only)',
		usage: 'rescale-apptainer doctor [options]',
		summary: [
			'Read-only preflight: the key and its user, the Apptainer analysis and its',
			'versions, the build coretype and its price, GPU coretypes, projects and',
			'file folders.',
			'Each check prints ✓ or ✗ and what to do. Exit 1 when a check fails.',
		],
		paths: 0,
		flags: [
			...platformFlags.filter(([name]) => name !== 'out' && name !== 'speed' && name !== 'faults'),
			['json', '--json            The checks as JSON (for support tickets)'],
		],
		exits: [[0, 'every check passed'], [1, 'a check failed, or the platform refused or could not be reached'], [2, 'no API key, or bad input']],
		async run(_args, flags, output) {
			const {doctorCommand} = await import('./doctor.js');
			return doctorCommand(flags, output);
		},
	},
	{
		name: 'sandbox',
		brief: 'Run a local simulation of the Rescale API until Ctrl-C',
		usage: 'rescale-apptainer sandbox [options]',
		summary: [
			'Run a local simulation of the Rescale API (for workshops, demos and tests)',
			'until Ctrl-C; prints its URL and API key.',
		],
		paths: 0,
		flags: [
			['port', '--port N          Port on 127.0.0.1 (default 0: a free one)'],
			['speed', '--speed X         Jobs run X times faster than real time (default 5)'],
			['faults', '--faults SPEC     Inject faults, e.g. 429=0.1,500=0.05,reset=0.02,seed=7'],
			['state', '--state DIR       Keep files and jobs in DIR across restarts'],
			['apiKey', '--api-key KEY     Use this sandbox key instead of a random one'],
			['json', '--json            First line on stdout: {"url": ..., "apiKey": ...}'],
			['requireProject', '--require-project Refuse jobs without a projectId, as some workspaces do'],
			['nodeWithoutSudo', '--node-without-sudo Build nodes without passwordless sudo (fakeroot builds)'],
		],
		exits: [[0, 'stopped with Ctrl-C (or SIGTERM)'], [2, 'it could not start (port in use, --faults, --state) or bad input']],
		async run(_args, flags, output) {
			const {sandboxCommand} = await import('./sandbox.js');
			return sandboxCommand(flags, output);
		},
	},
];

export function findCommand(name: string): CommandSpec | undefined {
	return commands.find(command => command.name === name);
}

/** `COMMAND --help`: its usage, what it does, and exactly the flags it honours. */
export function commandHelp(command: CommandSpec): string {
	return [
		'',
		`  Usage`,
		`    $ ${command.usage}`,
		'',
		...command.summary.map(line => `  ${line}`),
		...(command.paths === 1 ? ['', '  PATH is a Dockerfile or the folder holding one (default: the current folder).'] : []),
		...(command.flags.length > 0 ? ['', '  Options', ...command.flags.map(([, line]) => `    ${line}`)] : []),
		...(command.notes ? ['', ...command.notes.map(line => `  ${line}`)] : []),
		'',
		'  Exit status',
		...[...command.exits, bugExit].sort(([a], [b]) => a - b).map(([status, when]) => `    ${String(status).padEnd(5)}${when.replaceAll('\n', `\n${' '.repeat(9)}`)}`),
		'',
	].join('\n');
}

/** `--help` without a command: the commands, and where each one's options are. */
export function overviewHelp(): string {
	return [
		'',
		'  Usage',
		'    $ rescale-apptainer [command] [PATH] [options]',
		'',
		'  From a repository with a Dockerfile to an Apptainer image running on Rescale.',
		'  Without a command, the wizard starts: on PATH (a Dockerfile or the folder',
		'  holding one) when given; a folder named like a command is written ./NAME.',
		'',
		'  Commands',
		...commands.map(command => `    ${command.name.padEnd(10)}${command.brief}`),
		'',
		'  rescale-apptainer COMMAND --help lists the options of COMMAND.',
		'',
		'  Examples',
		'    $ rescale-apptainer validate examples/gauge-equivariant-mesh-cnn',
		'    $ rescale-apptainer convert examples/gauge-equivariant-mesh-cnn -o gem.def',
		'    $ rescale-apptainer build examples/gauge-equivariant-mesh-cnn --fix --sandbox',
		'    $ rescale-apptainer run --sandbox --sif gauge-equivariant-mesh-cnn.sif \\',
		'        --coretype aquamarine_v3 -- python /workspace/experiments/shapes.py',
		'',
	].join('\n');
}
