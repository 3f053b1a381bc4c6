import {writeFileSync} from 'node:fs';
import nodePath from 'node:path';
import {factsFromBuildLog, failedChecks} from '../apptainer/smoke-test-log.js';
import type {ImageGpuFacts} from '../dockerfile/image-gpu-facts.js';
import type {BuildPlan} from './plan.js';

export type FailedCheck = {check: string; line: number | undefined};

/**
 * Reads a build's log as it arrives, for the two things the smoke test (%test) prints: the
 * checks that failed, and the image's real torch, CUDA and GPU architectures.
 */
export class BuildLogReader {
	readonly failed: FailedCheck[] = [];
	facts: ImageGpuFacts | undefined;

	add(lines: string[]) {
		const text = lines.join('\n');
		this.failed.push(...failedChecks(text));
		this.facts = factsFromBuildLog(text) ?? this.facts;
	}
}

/** Keeps what the build log said of the image in plan.json, where `run` looks for it. */
export function recordImageFacts(plan: BuildPlan, facts: ImageGpuFacts | undefined) {
	if (facts) {
		writeFileSync(nodePath.join(plan.folder, 'plan.json'), `${JSON.stringify({...plan, gpuFacts: facts}, undefined, 2)}\n`);
	}
}
