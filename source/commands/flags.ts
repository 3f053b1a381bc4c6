/** Every flag the command line knows, with its type; each command declares which of them it honours. */
export const flagTypes = {
	json: {type: 'boolean'},
	output: {type: 'string', shortFlag: 'o'},
	port: {type: 'number'},
	speed: {type: 'number'},
	faults: {type: 'string'},
	state: {type: 'string'},
	apiKey: {type: 'string'},
	platform: {type: 'string'},
	project: {type: 'string'},
	sandbox: {type: 'boolean'},
	out: {type: 'string'},
	yes: {type: 'boolean'},
	fix: {type: 'boolean'},
	force: {type: 'boolean'},
	new: {type: 'boolean'},
	stopOnExit: {type: 'boolean'},
	name: {type: 'string'},
	image: {type: 'string'},
	context: {type: 'string'},
	coretype: {type: 'string'},
	cores: {type: 'number'},
	walltime: {type: 'number'},
	lowPriority: {type: 'boolean'},
	requireProject: {type: 'boolean'},
	nodeWithoutSudo: {type: 'boolean'},
	sif: {type: 'string'},
	download: {type: 'string'},
	report: {type: 'string'},
	// On unless --no-smoke-test.
	smokeTest: {type: 'boolean', default: true},
} as const;

export type FlagName = keyof typeof flagTypes;

type ValueOf<T> = T extends {type: 'boolean'} ? boolean : T extends {type: 'number'} ? number | undefined : string | undefined;

/** The parsed flags; booleans are false and values undefined when not given. */
export type CommandFlags = {[Name in FlagName]: ValueOf<(typeof flagTypes)[Name]>};

/** `stopOnExit` -> `--stop-on-exit`; a flag that is on by default is written as its `--no-` form. */
export function flagLabel(name: string): string {
	const kebab = name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
	const onByDefault = name in flagTypes && 'default' in flagTypes[name as FlagName];
	return `--${onByDefault ? 'no-' : ''}${kebab}`;
}
