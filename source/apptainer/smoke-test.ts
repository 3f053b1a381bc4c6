import type {DockerfileModel} from '../dockerfile/model.js';
import {pythonInstalls} from '../dockerfile/python-installs.js';
import type {ReadContextFile} from '../dockerfile/python-project.js';
import type {DefLine} from './def-file.js';
import {quoteWord} from './shell-quote.js';
import {checkLabel, torchFactsPython} from './smoke-test-log.js';

export type SmokeTest = {
	/** The %test body, each check mapped to the Dockerfile line that installed what it checks. */
	lines: DefLine[];
	/** The conversion note that says what the section does, at the first line it checks. */
	note: {line: number; message: string};
};

/**
 * A %test body that imports what the final image installs into Python and runs pip check.
 * Apptainer runs %test at the end of `apptainer build` (unless --notest), so a package that does
 * not import fails the build on the cheap CPU node instead of the run on a paid GPU node. Every
 * check runs (the log lists all failures), then the script exits non-zero if any failed. It also
 * prints the image's torch, CUDA and compiled GPU architectures for the tool to read from the
 * build log; that line never fails the build. Undefined when the image installs nothing to check.
 */
export function smokeTest(model: DockerfileModel, read?: ReadContextFile): SmokeTest | undefined {
	const installs = pythonInstalls(model, read);
	const {modules} = installs;
	if (modules.length === 0 && installs.pipEnvironments.length === 0) {
		return undefined;
	}

	const torch = modules.find(item => item.module === 'torch' && item.environment === undefined);
	const checks: DefLine[] = [
		...(torch ? [{text: `"$PY" -c ${quoteWord(torchFactsPython)} || echo 'smoke-test: torch facts unavailable'`, source: torch.line}] : []),
		...modules.map(item => check(`import ${item.module}${inEnvironment(item.environment)}`, item.line, `${python(item.environment)} -c ${quoteWord(`import ${item.module}`)}`)),
		...installs.pipEnvironments.map(({environment, line}) => ({text: `smoke_check ${quoteWord(`pip check${inEnvironment(environment)}`)} ${python(environment)} -m pip check`, source: line})),
	];
	const first = Math.min(...checks.map(line => line.source!));
	return {
		lines: [...prelude, ...checks, {text: 'exit "$failed"'}],
		note: {
			line: first,
			message: `%test ${[
				modules.length > 0 && `imports ${modules.map(item => item.module).join(', ')}`,
				installs.pipEnvironments.length > 0 && 'runs pip check',
			].filter(Boolean).join(' and ')}: Apptainer runs it at the end of the build, so a package that does not import fails the build on the CPU node, not the run on a GPU node.`,
		},
	};
}

const prelude: DefLine[] = [
	{text: '# Written by rescale-apptainer: imports what the Dockerfile installs.'},
	{text: 'PY=$(command -v python || command -v python3)'},
	{text: 'failed=0'},
	{text: 'smoke_check() {'},
	{text: 'label=$1', indent: 1},
	{text: 'shift', indent: 1},
	{text: 'if "$@"; then', indent: 1},
	{text: 'echo "smoke-test: ok $label"', indent: 2},
	{text: 'else', indent: 1},
	{text: 'echo "smoke-test: FAILED $label"', indent: 2},
	{text: 'failed=1', indent: 2},
	{text: 'fi', indent: 1},
	{text: '}'},
];

function check(what: string, line: number, command: string): DefLine {
	return {text: `smoke_check ${quoteWord(checkLabel(what, line))} ${command}`, source: line};
}

/** The interpreter: the image's default Python, or `conda run` in a named environment. */
function python(environment: string | undefined): string {
	return environment === undefined ? '"$PY"' : `conda run -n ${quoteWord(environment)} python`;
}

function inEnvironment(environment: string | undefined): string {
	return environment === undefined ? '' : ` in conda env ${environment}`;
}

