import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {contextView} from '../../source/context/context-files.js';
import {applyDef, type AppliedDef, type BaseImage} from './apply-def.js';
import {convert} from './convert.js';

export type BuiltDockerfile = AppliedDef & {def: string; notes: Array<{line: number; message: string}>};

/**
 * Converts a Dockerfile with a build context holding CONTEXT (relative path -> content), then
 * applies the def as Apptainer would (see apply-def.ts). The caller disposes of the result.
 */
export function buildDockerfile(lines: string[], setup: {context?: Record<string, string>; images?: Record<string, BaseImage>} = {}): BuiltDockerfile {
	const context = mkdtempSync(path.join(tmpdir(), 'context-'));
	try {
		for (const [file, content] of Object.entries(setup.context ?? {})) {
			mkdirSync(path.dirname(path.join(context, file)), {recursive: true});
			writeFileSync(path.join(context, file), content);
		}

		const view = contextView(context);
		const {text, notes} = convert(lines, {pathKind: view.pathKind, hasDockerignore: view.hasDockerignore, contextFiles: view.files});
		let applied: AppliedDef;
		try {
			applied = applyDef(text, {context, images: setup.images});
		} catch (error) {
			(error as Error).message += `\n--- the def ---\n${text}`;
			throw error;
		}

		return {...applied, def: text, notes, dispose: () => {
			applied.dispose();
			rmSync(context, {recursive: true, force: true});
		}};
	} catch (error) {
		rmSync(context, {recursive: true, force: true});
		throw error;
	}
}

/** Builds, hands the result to CHECK, and always cleans up. */
export function withBuild<T>(lines: string[], setup: Parameters<typeof buildDockerfile>[1], check: (built: BuiltDockerfile) => T): T {
	const built = buildDockerfile(lines, setup);
	try {
		return check(built);
	} finally {
		built.dispose();
	}
}
