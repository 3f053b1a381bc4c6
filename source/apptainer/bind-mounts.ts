import path from 'node:path/posix';
import type {Instruction} from '../dockerfile/model.js';
import {runMounts} from '../dockerfile/run-mounts.js';
import {stageReferencedBy} from '../dockerfile/stages.js';
import {filesFromSection, filesPath, resolveDestination} from './copy-instruction.js';
import type {StageConverter} from './convert.js';
import type {DefLine} from './def-file.js';
import {quoteWord} from './shell-quote.js';
import {shellPath, stagedPath, stagingRoot} from './staged-copy.js';

/**
 * `RUN --mount=type=bind` emulated: %files brings the mounted path (from a stage, an image or the
 * context) to a staging folder, %post moves it to the target for this RUN only (setting aside
 * what the image has there, as the mount hides it) and restores the target afterwards. Cache and
 * tmpfs mounts only speed builds up and are dropped; secrets and SSH agents cannot be reproduced.
 * Returns the %post lines to put after the RUN.
 */
export function mountBinds(converter: StageConverter, instruction: Instruction): DefLine[] {
	const line = instruction.line;
	const after: DefLine[] = [];
	const folder = `${stagingRoot}/mount-${line}`;
	runMounts(instruction).forEach((mount, index) => {
		if (mount.type === 'cache' || mount.type === 'tmpfs') {
			converter.note(line, `RUN --mount=${mount.raw} is a ${mount.type} mount, which only speeds builds up; the def runs the command without it.`);
			return;
		}

		if (mount.type !== 'bind' || !mount.target) {
			converter.note(line, `RUN --mount=${mount.raw} cannot be reproduced by Apptainer (${mount.type === 'secret' || mount.type === 'ssh' ? 'no secret or SSH agent reaches %post' : 'unknown mount'}); the command runs without it and will likely fail.`);
			return;
		}

		const from = mount.from === undefined ? undefined : converter.expand(mount.from);
		// Context paths are relative to the context's root even when written absolute.
		const source = from === undefined ? mount.source.replace(/^\/+/, '') || '.' : mount.source;
		const staged = stagedPath('mount', line, index, source);
		const target = resolveDestination(converter.workdir, converter.expand(mount.target));
		const hidden = `${folder}/hidden-${index}`;
		const files = from === undefined ? converter.files : filesFromSection(converter, from, stageReferencedBy(converter.shared.stages, from, converter.stage.index), line);
		files.push({text: `${filesPath(source.replace(/(.)\/+$/, '$1'))} ${filesPath(staged)}`, source: line});
		converter.post.push(
			{text: `mkdir -p ${quoteWord(hidden)} && if [ -e ${shellPath(target)} ]; then mv ${shellPath(target)} ${quoteWord(hidden)}/; fi`, source: line},
			{text: `mkdir -p ${shellPath(path.dirname(target))} && mv ${quoteWord(staged)} ${shellPath(target)}`, source: line},
		);
		after.push({text: `rm -rf ${shellPath(target)} && if [ -e ${quoteWord(`${hidden}/${path.basename(target)}`)} ]; then mv ${quoteWord(`${hidden}/${path.basename(target)}`)} ${shellPath(target)}; fi`, source: line});
		converter.note(line, `RUN --mount=${mount.raw}: %files copies ${source} from ${from === undefined ? 'the build context' : from} to ${path.dirname(staged)}/, and %post puts it at ${target} for this step only, as the bind mount does.`);
	});

	if (after.length > 0) {
		after.push({text: `rm -rf ${quoteWord(folder)}`, source: line});
	}

	return after;
}
