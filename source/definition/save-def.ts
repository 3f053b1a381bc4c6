import {createHash} from 'node:crypto';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';

/** Where a def went: `file`, and `kept` when a hand-edited file at the asked-for name was left as it was. */
export type SavedDef = {file: string; kept?: string};

/**
 * Writes the def to `file` unless the file there was edited by hand: its text is neither what this
 * tool last saved there (its hash is kept beside it) nor what the last build plan wrote (plan.json).
 * Such a file is kept, and the def goes to the first free FILE.2.def, .3... beside it. The wizard's
 * `s` and every build plan save through here.
 */
export function saveDefFile(file: string, text: string): SavedDef {
	const record = path.join(path.dirname(file), `.${path.basename(file)}.sha256`);
	const current = readIfExists(file);
	if (current === undefined || current === text || !editedByHand(current, readIfExists(record)?.trim(), planDef(path.dirname(file)))) {
		writeFileSync(file, text);
		writeFileSync(record, sha256(text));
		return {file};
	}

	for (let attempt = 2; ; attempt++) {
		const beside = file.replace(/\.def$/, `.${attempt}.def`);
		const existing = readIfExists(beside);
		if (existing === undefined || existing === text) {
			writeFileSync(beside, text);
			return {file: beside, kept: file};
		}
	}
}

function editedByHand(current: string, savedHash: string | undefined, planned: string | undefined): boolean {
	return sha256(current) !== savedHash && current !== planned;
}

function planDef(folder: string): string | undefined {
	try {
		return (JSON.parse(readFileSync(path.join(folder, 'plan.json'), 'utf8')) as {def?: unknown}).def as string | undefined;
	} catch {
		return undefined;
	}
}

function readIfExists(file: string): string | undefined {
	return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}
