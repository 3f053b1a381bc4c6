import type {Finding} from '../finding.js';
import {instructionsOf, type Rule} from './rule.js';

const runFlags: Record<string, string> = {
	mount: 'has no Apptainer equivalent; the def runs the command without it',
	network: 'cannot be set per step in Apptainer; the def drops it (builds have the host network)',
	security: 'cannot be set per step in Apptainer; the def drops it',
	device: 'cannot be set per step in Apptainer; the def drops it',
};

const copyFlags = new Set(['link', 'parents', 'exclude', 'checksum', 'keep-git-dir']);

export const buildkitOnlyRule: Rule = {
	id: 'buildkit-only',
	check(context) {
		const findings: Finding[] = [];
		for (const {instruction} of instructionsOf(context, 'RUN')) {
			for (const flag of instruction.flags.filter(candidate => candidate.name in runFlags)) {
				const secret = flag.name === 'mount' && /type=(?:secret|ssh)/.test(flag.value ?? '');
				const bind = flag.name === 'mount' && /type=bind/.test(flag.value ?? '');
				findings.push({
					rule: 'buildkit-only',
					severity: 'warning',
					line: instruction.line,
					message: `RUN --${flag.name}=${flag.value ?? ''} needs BuildKit and ${runFlags[flag.name]}${secret ? ': the secret will not be there, so the step will likely fail' : bind ? ': the bound files will not be there' : flag.name === 'mount' ? ' (a cache mount only speeds builds up, so nothing is lost)' : ''}.`,
					fix: secret
						? 'Pass the credential another way that does not store it in the image (e.g. download the files before the build and COPY them).'
						: bind ? 'COPY the files the step needs instead.' : undefined,
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
