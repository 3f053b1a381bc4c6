import type {Instruction} from './model.js';
import type {ResolvedStage} from './stages.js';

const scripts = new WeakMap<Instruction, string>();

/**
 * The shell text a RUN (or shell-form CMD/ENTRYPOINT) executes, heredoc bodies included. Most
 * rules read it: it is joined once per instruction.
 */
export function shellScript(instruction: Instruction): string {
	let script = scripts.get(instruction);
	if (script === undefined) {
		script = instruction.exec
			? instruction.exec.join(' ')
			: [instruction.text, ...instruction.heredocs.flatMap(heredoc => heredoc.body)].join('\n');
		scripts.set(instruction, script);
	}

	return script;
}

/** The stage's instructions, preceded by those of the stages it builds on (`FROM parent`). */
export function effectiveInstructions(stage: ResolvedStage): Instruction[] {
	return stage.parent ? [...effectiveInstructions(stage.parent), ...stage.instructions] : stage.instructions;
}

/** The external image a stage finally builds on, through any `FROM <stage>` chain. */
export function rootImage(stage: ResolvedStage): string {
	return stage.parent ? rootImage(stage.parent) : stage.resolvedImage;
}

export function isUrl(source: string): boolean {
	return /^(?:https?|ftp):\/\//i.test(source) || /^git@/.test(source);
}

/** Local archives that ADD unpacks (Docker also sniffs content; the name is what we can know). */
export const localArchive = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;

/** The words of a COPY/ADD, sources first and destination last, as written. */
export function copyWords(instruction: Instruction): string[] {
	return instruction.exec ?? instruction.text.trim().split(/\s+/).filter(Boolean);
}

/** The sources of a COPY/ADD (every word but the destination). */
export function copySources(instruction: Instruction): string[] {
	return copyWords(instruction).slice(0, -1);
}
