import {pipInstalls} from '../dockerfile/pip-installs.js';
import {shellScript} from '../dockerfile/instructions.js';
import type {Instruction} from '../dockerfile/model.js';
import {buildHome} from '../dockerfile/user-home.js';
import type {StageConverter} from './convert.js';
import {shellPath} from './staged-copy.js';

/**
 * `pip install --user` after `USER app` (or `ENV HOME=...`) puts packages in that home's .local
 * in Docker, where app's Python finds them. The def builds as root, whose user base is
 * /root/.local, and runs as the submitting user, whose Python looks in their own home; so the def
 * sets PYTHONUSERBASE to Docker's folder for the build and in %environment for run time, and the
 * RUN is followed by a chmod that lets any user read it. Returns that folder, when this RUN needs it.
 * As root with root's home nothing is moved: the home-install finding says what to change.
 */
export function userSitePackages(converter: StageConverter, instruction: Instruction): string | undefined {
	if (!pipInstalls(shellScript(instruction)).some(install => install.userInstall)) {
		return undefined;
	}

	const home = buildHome(converter.user, converter.variables.get('HOME'));
	if (home === undefined || home === '/root') {
		return undefined;
	}

	const userBase = `${home.replace(/\/+$/, '')}/.local`;
	if (converter.pythonUserBase !== userBase) {
		converter.pythonUserBase = userBase;
		const line = {text: `export PYTHONUSERBASE=${shellPath(userBase)}`, source: instruction.line};
		converter.post.push(line);
		if (converter.stage.isFinal) {
			converter.environment.push({...line});
		}

		converter.note(instruction.line, `pip install --user installs into ${userBase} in Docker (${converter.user ? `USER ${converter.user}` : 'ENV HOME'}); the def builds as root and runs as the submitting user, so it sets PYTHONUSERBASE=${userBase} for the build and at run time, and makes the folder readable for every user.`);
	}

	return userBase;
}
