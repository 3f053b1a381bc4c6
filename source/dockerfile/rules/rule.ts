import type {Finding} from '../finding.js';
import type {DockerfileModel, Instruction} from '../model.js';
import type {ResolvedStage} from '../stages.js';

export type RuleContext = {
	model: DockerfileModel;
	stages: ResolvedStage[];
	/** The notes of a conversion of this model the caller already made (see def-workaround). */
	conversionNotes?: ReadonlyArray<{line: number; message: string; workaround?: true}>;
};

export type Rule = {
	id: string;
	/** The hadolint rule (or Docker build check) this one corresponds to, when there is one. */
	relatesTo?: string;
	check: (context: RuleContext) => Finding[];
};

export function instructionsOf(context: RuleContext, ...keywords: string[]): Array<{stage: ResolvedStage; instruction: Instruction}> {
	return context.stages.flatMap(stage => stage.instructions
		.filter(instruction => keywords.includes(instruction.keyword))
		.map(instruction => ({stage, instruction})));
}
