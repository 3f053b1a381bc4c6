import type {Instruction} from './model.js';

/** One `RUN --mount=...` as BuildKit reads it: type defaults to bind, source to the root. */
export type RunMount = {type: string; from: string | undefined; source: string; target: string | undefined; raw: string};

export function runMounts(instruction: Instruction): RunMount[] {
	return instruction.flags.filter(flag => flag.name === 'mount').map(flag => parseMount(flag.value ?? ''));
}

function parseMount(raw: string): RunMount {
	const fields = new Map(raw.split(',').map(field => {
		const equals = field.indexOf('=');
		return equals === -1 ? [field.trim().toLowerCase(), 'true'] : [field.slice(0, equals).trim().toLowerCase(), field.slice(equals + 1).trim()];
	}));
	return {
		type: fields.get('type') ?? 'bind',
		from: fields.get('from'),
		source: fields.get('source') ?? fields.get('src') ?? '/',
		target: fields.get('target') ?? fields.get('dst') ?? fields.get('destination'),
		raw,
	};
}
