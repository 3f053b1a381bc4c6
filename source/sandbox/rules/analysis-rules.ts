import type {Platform} from '../platform.js';
import {hasErrors, isRecord, messages, type FieldErrors} from './field-errors.js';
import {hardwareProblems} from './hardware-rules.js';

/** One entry of a job's `jobanalyses`: what the platform refuses in it, by field (contract, Job). */
export function analysisProblems(value: unknown, platform: Platform): FieldErrors {
	const analysis = isRecord(value) ? value : {};
	const problems: FieldErrors = {};
	const software = softwareProblems(analysis.analysis, platform);
	if (hasErrors(software)) {
		problems.analysis = software;
	}

	if (typeof analysis.command !== 'string' || analysis.command.trim() === '') {
		problems.command = [messages.required];
	}

	const hardware = hardwareProblems(analysis.hardware, platform.catalog);
	if (hasErrors(hardware)) {
		problems.hardware = hardware;
	}

	const inputs = inputFileProblems(analysis.inputFiles, platform);
	if (inputs.length > 0) {
		problems.inputFiles = inputs;
	}

	return problems;
}

/** `analysis.version` must be a `versionCode` the analysis lists (contract, Job). */
function softwareProblems(value: unknown, platform: Platform): Record<string, string[]> {
	const software = isRecord(value) ? value : {};
	const known = platform.catalog.analyses.find(candidate => candidate.code === software.code);
	if (!known) {
		return {code: [`"${String(software.code)}" is not a known analysis.`]};
	}

	if (!known.versions.some(version => version.versionCode === software.version)) {
		return {version: ['The specified version is not available.']};
	}

	return {};
}

/** Inputs are `[{id, decompress?}]` naming files the user has; none at all is allowed. */
function inputFileProblems(value: unknown, platform: Platform): string[] {
	if (value === undefined) {
		return [];
	}

	if (!Array.isArray(value)) {
		return [messages.list];
	}

	const missing = value.map(input => isRecord(input) ? input.id : undefined).filter(id => typeof id !== 'string' || !platform.store.files.has(id));
	return missing.length > 0 ? [`Unknown file id(s): ${missing.map(id => String(id)).join(', ')}`] : [];
}
