import {compareFindings, type Finding} from './finding.js';
import type {DockerfileModel} from './model.js';
import {addArchiveRule} from './rules/add-archive.js';
import {addRemoteRule} from './rules/add-remote.js';
import {aptNoninteractiveRule} from './rules/apt-noninteractive.js';
import {baseUnpinnedRule} from './rules/base-unpinned.js';
import {bindShadowedPathRule} from './rules/bind-shadowed-path.js';
import {buildkitOnlyRule} from './rules/buildkit-only.js';
import {condaActivateRule} from './rules/conda-activate.js';
import {copyChownRule} from './rules/copy-chown.js';
import {cudaAptKeyRule} from './rules/cuda-apt-key.js';
import {defWorkaroundRule} from './rules/def-workaround.js';
import {driverRequirementRule} from './rules/driver-requirement.js';
import {editableInstallRule} from './rules/editable-install.js';
import {entrypointCmdRule} from './rules/entrypoint-cmd.js';
import {gpuArchSupportRule} from './rules/gpu-arch-support.js';
import {homeInstallRule} from './rules/home-install.js';
import {noEffectRule} from './rules/no-effect.js';
import {ngcPrebuiltExtRule} from './rules/ngc-prebuilt-ext.js';
import {noFromRule} from './rules/no-from.js';
import {platformRule} from './rules/platform.js';
import type {Rule, RuleContext} from './rules/rule.js';
import {secretInImageRule} from './rules/secret-in-image.js';
import {sudoRule} from './rules/sudo.js';
import {syntaxRule} from './rules/syntax.js';
import {torchWheelsRule} from './rules/torch-wheels.js';
import {userIgnoredRule} from './rules/user-ignored.js';
import {windowsImageRule} from './rules/windows-image.js';
import {workdirIgnoredRule} from './rules/workdir-ignored.js';
import {resolveStages} from './stages.js';

export const rules: Rule[] = [
	syntaxRule, noFromRule, windowsImageRule, torchWheelsRule, baseUnpinnedRule, aptNoninteractiveRule, workdirIgnoredRule,
	userIgnoredRule, noEffectRule, copyChownRule, buildkitOnlyRule, secretInImageRule, addRemoteRule,
	condaActivateRule, sudoRule, addArchiveRule, platformRule, entrypointCmdRule, bindShadowedPathRule,
	homeInstallRule, editableInstallRule, cudaAptKeyRule, ngcPrebuiltExtRule,
	driverRequirementRule, gpuArchSupportRule, defWorkaroundRule,
];

/** Every finding for a parsed Dockerfile, errors first, then by line. */
export function validateDockerfile(model: DockerfileModel, conversionNotes?: RuleContext['conversionNotes']): Finding[] {
	const context = {model, stages: resolveStages(model), conversionNotes};
	return rules.flatMap(rule => rule.check(context)).sort(compareFindings);
}

export function hasErrors(findings: Finding[]): boolean {
	return findings.some(finding => finding.severity === 'error');
}
