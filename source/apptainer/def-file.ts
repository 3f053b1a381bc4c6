/** One line of a definition file section and the Dockerfile line it came from. */
export type DefLine = {
	text: string;
	/** 1-based Dockerfile line, when the line has one. */
	source?: number;
	/** Extra indentation levels inside the section (four spaces each). */
	indent?: number;
	/** Written exactly as is, without section indentation (heredoc bodies, continuation lines). */
	verbatim?: boolean;
};

export type DefSection = {
	/** Section name without `%`: files, post, environment, runscript, labels. */
	name: string;
	/** Text after the name on the header line: `from builder`, `-c /bin/bash`. */
	argument?: string;
	lines: DefLine[];
};

export type DefStage = {
	bootstrap: 'docker' | 'scratch';
	from?: string;
	/** Stage name, written only when the definition has several stages. */
	stage?: string;
	/** Dockerfile line of the FROM the header stands for. */
	source?: number;
	sections: DefSection[];
};

export type DefFile = {stages: DefStage[]};

export type WrittenDefFile = {
	text: string;
	/** For each definition line (index 0 is line 1), the Dockerfile line it came from, or null. */
	sourceMap: Array<number | null>;
};

const sectionIndent = '    ';

export function writeDefFile(def: DefFile): WrittenDefFile {
	const lines: string[] = [];
	const sourceMap: Array<number | null> = [];
	const emit = (text: string, source: number | undefined) => {
		lines.push(text);
		sourceMap.push(source ?? null);
	};

	def.stages.forEach((stage, index) => {
		if (index > 0) {
			emit('', undefined);
		}

		emit(`Bootstrap: ${stage.bootstrap}`, stage.source);
		if (stage.from !== undefined) {
			emit(`From: ${stage.from}`, stage.source);
		}

		if (stage.stage !== undefined) {
			emit(`Stage: ${stage.stage}`, stage.source);
		}

		for (const section of stage.sections.filter(candidate => candidate.lines.length > 0)) {
			emit('', undefined);
			emit(`%${section.name}${section.argument ? ` ${section.argument}` : ''}`, undefined);
			for (const line of section.lines) {
				emit(line.verbatim ? line.text : `${sectionIndent.repeat(1 + (line.indent ?? 0))}${line.text}`.trimEnd(), line.source);
			}
		}
	});

	return {text: `${lines.join('\n')}\n`, sourceMap};
}
