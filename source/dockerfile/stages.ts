import type {DockerfileModel, Instruction, Stage} from './model.js';
import {platformArgs} from './platform-args.js';
import {expandWord, unresolvedVariables, type VariableLookup} from './words.js';

export type ResolvedStage = Stage & {
	/** The FROM image with global ARG defaults substituted. */
	resolvedImage: string;
	/** Global ARGs the FROM line uses that have no default. */
	unresolvedArgs: string[];
	/** The earlier stage this one builds on (`FROM builder AS test`), if any. */
	parent: ResolvedStage | undefined;
	/** Name used for the stage in a definition file. */
	defName: string;
	isFinal: boolean;
};

const resolvedByModel = new WeakMap<DockerfileModel, ResolvedStage[]>();

/**
 * Substitutes global ARG defaults into FROM lines and links stages that build on stages. The
 * rules, the converter and the %test writer all ask for a model's stages: they are worked out once.
 */
export function resolveStages(model: DockerfileModel): ResolvedStage[] {
	let resolved = resolvedByModel.get(model);
	if (!resolved) {
		resolved = resolveStagesOf(model);
		resolvedByModel.set(model, resolved);
	}

	return resolved;
}

function resolveStagesOf(model: DockerfileModel): ResolvedStage[] {
	const lookup = globalArgLookup(model.globalArgs, model.escapeChar);
	const resolved: ResolvedStage[] = [];
	const names = new Set(model.stages.map(stage => stage.name).filter(name => name !== undefined));
	const generatedName = (index: number) => {
		let name = `stage${index}`;
		for (let suffix = 2; names.has(name); suffix++) {
			name = `stage${index}-${suffix}`;
		}

		names.add(name);
		return name;
	};

	for (const stage of model.stages) {
		const resolvedImage = expandWord(stage.image, lookup, model.escapeChar);
		const parent = resolved.find(candidate => candidate.name !== undefined && candidate.name === resolvedImage.toLowerCase());
		resolved.push({
			...stage,
			resolvedImage,
			unresolvedArgs: unresolvedVariables(stage.image, lookup, model.escapeChar),
			parent,
			defName: stage.name ?? generatedName(stage.index),
			isFinal: stage.index === model.stages.length - 1,
		});
	}

	return resolved;
}

/** Global ARG defaults, each able to use the ones before it. */
export function globalArgDefaults(globalArgs: Instruction[], escapeChar: string): Map<string, string> {
	const values = new Map<string, string>();
	for (const instruction of globalArgs) {
		for (const property of instruction.properties) {
			if (property.rawValue !== undefined) {
				values.set(property.name, expandWord(property.rawValue, name => values.get(name), escapeChar));
			}
		}
	}

	return values;
}

/** What a FROM line sees: global ARG defaults, then BuildKit's automatic platform ARGs. */
function globalArgLookup(globalArgs: Instruction[], escapeChar: string): VariableLookup {
	const values = globalArgDefaults(globalArgs, escapeChar);
	return name => values.get(name) ?? platformArgs.get(name);
}

/** The stage that `COPY --from=VALUE` names: by name, by index, or undefined for an external image. */
export function stageReferencedBy(stages: ResolvedStage[], value: string, before: number): ResolvedStage | undefined {
	const byName = stages.find(stage => stage.index < before && stage.name === value.toLowerCase());
	if (byName) {
		return byName;
	}

	return /^\d+$/.test(value) ? stages.find(stage => stage.index === Number(value) && stage.index < before) : undefined;
}
