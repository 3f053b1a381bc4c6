import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {claimOutputFolder} from '../image-build/output-folder.js';
import {buildJobName, sanitizeName} from '../image-build/image-name.js';
import type {BuildPlan} from '../image-build/plan.js';
import type {ConfigStore} from '../platform/config.js';

/*
 * The config remembers a submitted build's job id under its plan key, not what the plan built, and
 * plan.json in the image's folder is rewritten by every new plan. The wizard keeps each build plan
 * it submits (with the fixes applied then) under its key, so a restarted wizard can say how an
 * earlier build still running differs from what the user chose now.
 */

/** A submitted build plan and the fixes the wizard had applied to the Dockerfile for it. */
export type SavedBuild = {plan: BuildPlan; fixes: string[]};

/** An in-flight build job of an earlier session, with its plan when this output folder submitted it. */
export type InFlightBuild = {jobId: string; planKey: string; savedAt: string; saved?: SavedBuild};

function planFile(outDir: string, key: string): string {
	return path.join(outDir, 'builds', `${key.replaceAll(/[^\w-]/g, '')}.json`);
}

/** Written before the job is created, so an interruption at any point leaves the plan behind. */
export function saveBuildPlan(outDir: string, saved: SavedBuild): void {
	const file = planFile(claimOutputFolder(outDir), saved.plan.key);
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, `${JSON.stringify(saved, undefined, 2)}\n`);
}

/**
 * Of the jobs in flight (`config.inFlightJobs()`), the builds of the image this context directory
 * builds (same name), on the platform when one is given, each with its saved plan if there is one.
 */
export function inFlightBuilds(outDir: string, inFlight: ReturnType<ConfigStore['inFlightJobs']>, contextDir: string, platform?: string): InFlightBuild[] {
	const jobName = buildJobName(sanitizeName(path.basename(path.resolve(contextDir))));
	return inFlight
		.filter(job => job.kind === 'build' && job.name === jobName && (platform === undefined || job.platform === platform))
		.map(job => ({jobId: job.jobId, planKey: job.planKey, savedAt: job.savedAt, saved: readSaved(planFile(outDir, job.planKey), job.planKey)}));
}

/** The image the context directory builds, as its SIF is named. */
export function contextImage(contextDir: string): string {
	return `${sanitizeName(path.basename(path.resolve(contextDir)))}.sif`;
}

/** The SIF an in-flight job builds or runs, read from its name (a build's, or a run's `Apptainer run X.sif on Y`); undefined for another name. */
export function jobImage(jobName: string): string | undefined {
	const build = buildJobName('');
	return jobName.startsWith(build) ? `${jobName.slice(build.length)}.sif` : /^Apptainer run (\S+\.sif) on /.exec(jobName)?.[1];
}

function readSaved(file: string, key: string): SavedBuild | undefined {
	if (!existsSync(file)) {
		return undefined;
	}

	try {
		const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedBuild;
		return saved.plan.key === key ? saved : undefined;
	} catch {
		// A damaged plan file: the earlier build is still named, only what differs is unknown.
		return undefined;
	}
}

/**
 * How an earlier build differs from what the user chose now, in words: the fixes first (the
 * usual cause), then the def, then, once this session has a plan, the context and the hardware.
 * Empty when nothing differs: continuing follows that build again.
 */
export function buildDifferences(earlier: SavedBuild | undefined, now: {def: string; fixes: string[]; plan?: BuildPlan}): string[] {
	if (!earlier) {
		return ['its plan is not in this output folder, so what it builds is not known here'];
	}

	const differences: string[] = [];
	const added = now.fixes.filter(fix => !earlier.fixes.includes(fix));
	const dropped = earlier.fixes.filter(fix => !now.fixes.includes(fix));
	if (added.length > 0) {
		differences.push(`fixes applied now were not applied then (${added.join('; ')})`);
	}

	if (dropped.length > 0) {
		differences.push(`fixes applied then are not applied now (${dropped.join('; ')})`);
	}

	if (differences.length === 0 && earlier.plan.def !== now.def) {
		differences.push(`the def differs from the one being built (${firstDifference(earlier.plan.def, now.def)})`);
	}

	if (now.plan && earlier.plan.contextSummary !== now.plan.contextSummary) {
		differences.push(`the build context differs (then: ${earlier.plan.contextSummary}; now: ${now.plan.contextSummary})`);
	}

	const hardware = (plan: BuildPlan) => `${plan.hardware.coreType}, ${plan.hardware.coresPerSlot} cores, ${plan.hardware.walltime} h`;
	if (now.plan && hardware(earlier.plan) !== hardware(now.plan)) {
		differences.push(`the hardware differs (then: ${hardware(earlier.plan)}; now: ${hardware(now.plan)})`);
	}

	return differences;
}

function firstDifference(before: string, after: string): string {
	const old = before.split('\n');
	const current = after.split('\n');
	const index = current.findIndex((line, position) => line !== old[position]);
	const line = index === -1 ? current.length : index;
	return `first at def line ${line + 1}: "${(old[line] ?? '').trim()}" then, "${(current[line] ?? '').trim()}" now`;
}
