import type {Platform} from '../platform.js';
import type {JobAnalysis, StoredJob} from '../store.js';
import {analysisProblems} from './analysis-rules.js';
import {hasErrors, isRecord, messages, refuseIfAny, type FieldErrors} from './field-errors.js';
import {projectProblems} from './project-rules.js';

export type JobFields = Pick<StoredJob, 'name' | 'description' | 'projectId' | 'isLowPriority' | 'jobanalyses'>;

/**
 * A job body as the platform takes it (`POST /jobs/`, `PATCH` before submit): the accepted
 * fields, or a 400 with field errors, nested per analysis as DRF nests them (contract, Basics).
 */
export function acceptJob(body: Record<string, unknown>, platform: Platform): JobFields {
	const errors: FieldErrors = {};
	const name = typeof body.name === 'string' ? body.name.trim() : '';
	if (name === '') {
		errors.name = [messages.required];
	}

	const project = projectProblems(body.projectId, platform);
	if (project.length > 0) {
		errors.projectId = project;
	}

	const analyses = Array.isArray(body.jobanalyses) ? body.jobanalyses : [];
	if (analyses.length === 0) {
		errors.jobanalyses = ['A job needs at least one analysis.'];
	}

	const analysisErrors = analyses.map(analysis => analysisProblems(analysis, platform));
	if (analysisErrors.some(problems => hasErrors(problems))) {
		errors.jobanalyses = analysisErrors;
	}

	refuseIfAny(errors);
	return {
		name,
		description: typeof body.description === 'string' ? body.description : '',
		projectId: typeof body.projectId === 'string' ? body.projectId : null,
		isLowPriority: body.isLowPriority === true,
		jobanalyses: analyses.map(analysis => acceptedAnalysis(analysis as Record<string, unknown>)),
	};
}

/** An analysis that passed its rules, with the platform's defaults filled in. */
function acceptedAnalysis(analysis: Record<string, unknown>): JobAnalysis {
	const software = analysis.analysis as JobAnalysis['analysis'];
	const inputs = (analysis.inputFiles ?? []) as Array<{id: string; decompress?: boolean}>;
	return {
		analysis: {code: software.code, version: software.version},
		command: analysis.command as string,
		hardware: {type: 'compute', slots: 1, ...analysis.hardware as Omit<JobAnalysis['hardware'], 'slots'> & {slots?: number}},
		inputFiles: inputs.map(input => ({id: input.id, ...(input.decompress === undefined ? {} : {decompress: input.decompress})})),
		...(isRecord(analysis.envVars) ? {envVars: analysis.envVars as Record<string, string>} : {}),
	};
}
