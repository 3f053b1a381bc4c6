/**
 * Reads an Apptainer definition file into header fields and sections, and reports what
 * `apptainer build` would refuse, in its words where possible.
 */
export type ParsedSection = {name: string; argument: string; line: number; body: string[]};

export type ParsedStage = {header: Record<string, string>; line: number; sections: ParsedSection[]};

export type DefProblem = {line: number; message: string};

export type ParsedDefFile = {stages: ParsedStage[]; problems: DefProblem[]};

const knownSections = new Set([
	'setup', 'files', 'environment', 'post', 'runscript', 'startscript', 'test', 'labels', 'help', 'arguments',
	'appinstall', 'apphelp', 'apprun', 'applabels', 'appenv', 'appfiles', 'apptest', 'appstart',
]);
const bootstrapAgents = new Set(['docker', 'docker-archive', 'docker-daemon', 'oci', 'oci-archive', 'library', 'shub', 'localimage', 'scratch', 'debootstrap', 'yum', 'dnf', 'zypper', 'busybox', 'arch', 'oras']);
const needsFrom = new Set(['docker', 'docker-archive', 'docker-daemon', 'oci', 'oci-archive', 'library', 'shub', 'localimage', 'oras']);

export function parseDefFile(text: string): ParsedDefFile {
	const stages: ParsedStage[] = [];
	const problems: DefProblem[] = [];
	let section: ParsedSection | undefined;
	text.replaceAll(/\r\n?/g, '\n').split('\n').forEach((line, index) => {
		const lineNumber = index + 1;
		const header = /^([A-Za-z]+):\s*(.*?)\s*$/.exec(line);
		if (header && /^bootstrap$/i.test(header[1]!)) {
			stages.push({header: {bootstrap: header[2]!}, line: lineNumber, sections: []});
			section = undefined;
			return;
		}

		const sectionHeader = /^%(\S+)\s*(.*?)\s*(?:#.*)?$/.exec(line);
		if (sectionHeader) {
			const name = sectionHeader[1]!.toLowerCase();
			if (!knownSections.has(name)) {
				problems.push({line: lineNumber, message: `invalid section(s) specified: ${name}`});
			}

			section = {name, argument: sectionHeader[2]!, line: lineNumber, body: []};
			const stage = stages.at(-1);
			if (stage) {
				stage.sections.push(section);
			} else {
				problems.push({line: lineNumber, message: `section %${name} comes before any Bootstrap: header`});
			}

			return;
		}

		if (section) {
			section.body.push(line);
			return;
		}

		if (header && stages.length > 0) {
			stages.at(-1)!.header[header[1]!.toLowerCase()] = header[2]!;
		} else if (line.trim() !== '' && !line.trimStart().startsWith('#')) {
			problems.push({line: lineNumber, message: `unexpected text outside any section: ${line.trim().slice(0, 60)}`});
		}
	});

	if (stages.length === 0) {
		problems.push({line: 1, message: 'no bootstrap specification found'});
	}

	checkStages(stages, problems);
	return {stages, problems};
}

function checkStages(stages: ParsedStage[], problems: DefProblem[]) {
	const seen = new Set<string>();
	for (const stage of stages) {
		const agent = stage.header.bootstrap?.toLowerCase() ?? '';
		if (!bootstrapAgents.has(agent)) {
			problems.push({line: stage.line, message: `invalid build agent: ${stage.header.bootstrap ?? ''}`});
		} else if (needsFrom.has(agent) && !stage.header.from) {
			problems.push({line: stage.line, message: `${agent} bootstrap requires a From: field`});
		}

		for (const section of stage.sections.filter(candidate => candidate.name === 'files' && candidate.argument !== '')) {
			const from = /^from\s+(\S+)$/.exec(section.argument)?.[1];
			if (!from || !seen.has(from)) {
				problems.push({line: section.line, message: `%files ${section.argument}: no earlier stage is named ${from ?? section.argument}`});
			}
		}

		if (stage.header.stage) {
			seen.add(stage.header.stage);
		}
	}
}
