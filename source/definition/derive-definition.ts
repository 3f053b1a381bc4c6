import {convertDockerfile, type ConversionNote} from '../apptainer/convert.js';
import {writeDefFile} from '../apptainer/def-file.js';
import {parseDefFile, type DefProblem} from '../apptainer/parse-def.js';
import type {ContextView} from '../context/context-files.js';
import type {Finding} from '../dockerfile/finding.js';
import {applyEdits} from '../dockerfile/fixes.js';
import {parseDockerfile, type DockerfileModel} from '../dockerfile/model.js';
import {validateDockerfile} from '../dockerfile/validate.js';

/** Rules whose errors leave nothing sensible to convert. */
const blockingRules = new Set(['syntax', 'no-from', 'windows-image']);

export type DefinitionRequest = {
	/** The Dockerfile's text: as on disk, or as the wizard holds it after its fixes. */
	text: string;
	context: ContextView;
	/** Apply the findings' suggested edits first (`build --fix`, the wizard's `f`). */
	fix?: boolean;
	/** A def the user edited by hand; it replaces the generated one. */
	editedDef?: string;
	/** Write the %test that imports what the image installs (default true). */
	smokeTest?: boolean;
};

export type Definition = {
	/** The Dockerfile text the def was made from (after the fixes, when asked). */
	text: string;
	model: DockerfileModel;
	findings: Finding[];
	/** What the fixes changed, one line each. */
	fixes: string[];
	/** Errors that leave nothing sensible to convert (syntax, no FROM). */
	blocking: Finding[];
	/** The def as converted from the Dockerfile. */
	generated: string;
	/** The def that is shown, saved, uploaded and built: the edited one when there is one. */
	def: string;
	/** Dockerfile line of each generated def line (empty for an edited def). */
	sourceMap: Array<number | null>;
	/** How the generated def differs from Docker's behaviour (empty for an edited def). */
	notes: ConversionNote[];
	edited: boolean;
	/** What is wrong with an edited def (nothing for the generated one). */
	problems: DefProblem[];
};

/**
 * Dockerfile text -> fixes -> findings -> def: the one pipeline behind `convert`, `build` and the
 * wizard, so the def a user reviews is byte for byte the def that is built.
 */
export function deriveDefinition(request: DefinitionRequest): Definition {
	let {text} = request;
	let model = parseDockerfile(text);
	const fixes: string[] = [];
	if (request.fix) {
		const fixed = applyEdits(text, validateDockerfile(model));
		if (fixed.fixes.length > 0) {
			text = fixed.text;
			fixes.push(...fixed.fixes);
			model = parseDockerfile(text);
		}
	}

	const {context} = request;
	const {def, notes} = convertDockerfile(model, {pathKind: context.pathKind, hasDockerignore: context.hasDockerignore, readContextFile: context.readFile, contextFiles: context.files, smokeTest: request.smokeTest ?? true});
	// The conversion above is the one the def-workaround findings describe: validation reuses it.
	const findings = validateDockerfile(model, notes);
	const written = writeDefFile(def);
	const edited = request.editedDef !== undefined && request.editedDef !== written.text;
	return {
		text,
		model,
		findings,
		fixes,
		blocking: findings.filter(finding => finding.severity === 'error' && blockingRules.has(finding.rule)),
		generated: written.text,
		def: edited ? request.editedDef! : written.text,
		sourceMap: edited ? [] : written.sourceMap,
		notes: edited ? [] : notes,
		edited,
		problems: edited ? parseDefFile(request.editedDef!).problems : [],
	};
}
