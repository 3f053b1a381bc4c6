import type {Finding} from '../finding.js';
import {runMounts, type RunMount} from '../run-mounts.js';
import {instructionsOf, type Rule} from './rule.js';

const runFlags: Record<string, string> = {
	network: 'cannot be set per step in Apptainer; the def drops it (builds have the host network)',
	security: 'cannot be set per step in Apptainer; the def drops it',
	device: 'cannot be set per step in Apptainer; the def drops it',
};

/** What the def does with each kind of RUN --mount (see source/apptainer/bind-mounts.ts). */
function mountFinding(mount: RunMount, line: number): Finding {
	const flag = `RUN --mount=${mount.raw} needs BuildKit`;
	if (mount.type === 'bind') {
		return {rule: 'buildkit-only', severity: 'warning', line, message: `${flag}: it is a bind mount (the default type), so the def copies ${mount.source} from ${mount.from ?? 'the build context'} to a staging folder and puts it at ${mount.target ?? 'its target'} for this step only.`};
	}

	if (mount.type === 'cache' || mount.type === 'tmpfs') {
		return {rule: 'buildkit-only', severity: 'warning', line, message: `${flag}: a ${mount.type} mount only speeds builds up, so the def runs the command without it and nothing is lost.`};
	}

	return {
		rule: 'buildkit-only',
		severity: 'error',
		line,
		message: `${flag}: Apptainer has no ${mount.type} mounts, so ${mount.type === 'ssh' ? 'no SSH agent' : 'the secret'} reaches the step and it will fail.`,
		fix: 'Fetch what the step needs before the build (it lands in the context) and COPY it, without storing credentials in the image.',
	};
}

const copyFlags = new Set(['link', 'parents', 'exclude', 'checksum', 'keep-git-dir']);

export const buildkitOnlyRule: Rule = {
	id: 'buildkit-only',
	check(context) {
		const findings: Finding[] = [];
		for (const {instruction} of instructionsOf(context, 'RUN')) {
			findings.push(...runMounts(instruction).map(mount => mountFinding(mount, instruction.line)));
			for (const flag of instruction.flags.filter(candidate => candidate.name in runFlags)) {
				findings.push({
					rule: 'buildkit-only',
					severity: 'warning',
					line: instruction.line,
					message: `RUN --${flag.name}=${flag.value ?? ''} needs BuildKit and ${runFlags[flag.name]}.`,
				});
			}

			if (instruction.heredocs.length > 0) {
				findings.push({
					rule: 'buildkit-only',
					severity: 'info',
					line: instruction.line,
					message: 'RUN with a heredoc needs BuildKit (dockerfile:1.4); the def writes its body as plain %post lines.',
				});
			}
		}

		for (const {instruction} of instructionsOf(context, 'COPY', 'ADD')) {
			for (const flag of instruction.flags.filter(candidate => copyFlags.has(candidate.name))) {
				findings.push({
					rule: 'buildkit-only',
					severity: 'warning',
					line: instruction.line,
					message: `${instruction.keyword} --${flag.name} needs BuildKit and has no %files equivalent; the def copies without it.`,
				});
			}
		}

		return findings;
	},
};
