import type {Finding} from '../finding.js';
import {instructionsOf, type Rule} from './rule.js';

const secretName = /(?:TOKEN|SECRET|PASSW(?:OR)?D|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH)/i;
/** Names that match the pattern but hold public data (official python images set GPG_KEY). */
const publicNames = /^(?:GPG_KEY|.*_KEY_?(?:ID|SERVER|RING|URL|PATH|FILE)|.*_(?:FILE|PATH|URL|DIR))$/i;
/** Names of checksums, commits and versions: a hex value there is a digest, not a secret. */
const digestNames = /(?:SHA\d*|SHA\d*SUM|HASH|DIGEST|CHECKSUM|MD5|COMMIT|REV|REVISION|REF|TAG|VERSION|BUILD)(?:_|$)/i;
/** Lengths of MD5, SHA-1, SHA-224, SHA-256, SHA-384 and SHA-512 digests in hex. */
const digestLengths = new Set([32, 40, 56, 64, 96, 128]);

/** `weak` shapes (plain hex) also fit public values such as key fingerprints, so public names skip them. */
const tokenShapes: Array<{kind: string; shape: RegExp; weak?: boolean}> = [
	{kind: 'a GitHub token', shape: /^(?:gh[pousr]_[A-Za-z\d]{20,}|github_pat_\w{20,})$/},
	{kind: 'a Hugging Face token', shape: /^hf_[A-Za-z\d]{20,}$/},
	{kind: 'an OpenAI-style key', shape: /^sk-[\w-]{20,}$/},
	{kind: 'an AWS access key id', shape: /^(?:AKIA|ASIA)[A-Z\d]{16}$/},
	{kind: 'a Slack token', shape: /^xox[abpr]-[\w-]{10,}$/},
	{kind: 'a GitLab token', shape: /^glpat-[\w-]{20,}$/},
	{kind: 'a private key', shape: /-----BEGIN [A-Z ]*PRIVATE KEY-----/},
	{kind: 'a long hexadecimal secret', shape: /^[a-f\d]{32,}$/i, weak: true},
];

/** Looks for credentials in ENV and ARG; never repeats the value, only its kind and length. */
export const secretInImageRule: Rule = {
	id: 'secret-in-image',
	relatesTo: 'Docker build check SecretsUsedInArgOrEnv',
	check(context) {
		const findings: Finding[] = [];
		for (const {instruction} of instructionsOf(context, 'ENV', 'ARG')) {
			for (const property of instruction.properties) {
				const value = (property.rawValue ?? '').replaceAll(/^["']|["']$/g, '');
				const publicName = publicNames.test(property.name);
				const digestName = digestNames.test(property.name);
				// A bare hex digest (a checksum, a commit SHA) is public unless its name says otherwise.
				const hexDigest = digestLengths.has(value.length) && /^[a-f\d]+$/i.test(value) && (digestName || !secretName.test(property.name));
				const shape = tokenShapes.find(candidate => candidate.shape.test(value) && !(candidate.weak && (publicName || hexDigest)));
				const suspiciousName = secretName.test(property.name) && !publicName && !digestName;
				if (!shape && !(suspiciousName && value !== '' && !value.startsWith('$'))) {
					continue;
				}

				const what = shape ? `holds what looks like ${shape.kind} (${value.length} characters)` : `looks like a credential (${value.length} characters)`;
				findings.push({
					rule: 'secret-in-image',
					severity: 'warning',
					line: instruction.line,
					message: `${instruction.keyword} ${property.name} ${what}. ${instruction.keyword === 'ENV' ? 'ENV values are stored in the SIF (/.singularity.d/env)' : 'ARG values are written into the definition file, which is stored inside the SIF'}, and anyone who gets the image can read it.`,
					fix: `Remove the value and pass it when the job runs: a Rescale job environment variable, or APPTAINERENV_${property.name} for apptainer run.`,
				});
			}
		}

		return findings;
	},
};
