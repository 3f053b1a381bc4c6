import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {ConfigStore} from '../platform/config.js';
import {claimOutputFolder} from '../image-build/output-folder.js';
import type {RunPlan} from '../run/pipeline.js';

/*
 * The config remembers a submitted run's job id under its plan key, but not the plan; the wizard
 * keeps the plans it submitted in the output folder, so a restarted wizard can follow that run
 * again instead of building and submitting a second GPU job.
 */

function planFile(outDir: string, key: string): string {
	return path.join(outDir, 'runs', `${key.replaceAll(/[^\w-]/g, '')}.json`);
}

/** Written before the job is created, so an interruption at any point leaves the plan behind. */
export function saveRunPlan(outDir: string, plan: RunPlan): void {
	const file = planFile(claimOutputFolder(outDir), plan.key);
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, `${JSON.stringify(plan, undefined, 2)}\n`);
}

/** The plan of a run still in flight on this platform, if this output folder submitted one. */
export function inFlightRunPlan(outDir: string, config: ConfigStore, platform: string): RunPlan | undefined {
	for (const job of config.inFlightJobs()) {
		const file = planFile(outDir, job.planKey);
		if (job.kind === 'run' && job.platform === platform && existsSync(file)) {
			try {
				const plan = JSON.parse(readFileSync(file, 'utf8')) as RunPlan;
				if (plan.key === job.planKey) {
					return plan;
				}
			} catch {
				// A damaged plan file: the in-flight banner still names the job.
			}
		}
	}

	return undefined;
}
