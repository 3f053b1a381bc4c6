import type {Finding} from '../finding.js';
import type {DockerfileModel, Instruction} from '../model.js';
import type {ResolvedStage} from '../stages.js';

export type RuleContext = {model: DockerfileModel; stages: ResolvedStage[]};

export type Rule = {
	id: string;
	/** The hadolint rule (or Docker build check) this one corresponds to, when there is one. */
	relatesTo?: string;
	check: (context: RuleContext) => Finding[];
};

/** The shell text a RUN (or shell-form CMD/ENTRYPOINT) executes, heredoc bodies included. */
export function shellScript(instruction: Instruction): string {
	if (instruction.exec) {
		return instruction.exec.join(' ');
	}

	return [instruction.text, ...instruction.heredocs.flatMap(heredoc => heredoc.body)].join('\n');
}

export function instructionsOf(context: RuleContext, ...keywords: string[]): Array<{stage: ResolvedStage; instruction: Instruction}> {
	return context.stages.flatMap(stage => stage.instructions
		.filter(instruction => keywords.includes(instruction.keyword))
		.map(instruction => ({stage, instruction})));
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
