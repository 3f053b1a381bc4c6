import {DockerfileParser, Instruction as AstInstructionClass, type Dockerfile, type Flag as DockerFlag, type Heredoc as DockerHeredoc, type Instruction as AstInstruction, type Property as DockerProperty} from 'dockerfile-ast';

export type Flag = {name: string; value: string | undefined};

export type Heredoc = {name: string; body: string[]};

export type KeyValue = {name: string; rawValue: string | undefined};

export type Instruction = {
	/** Upper-cased keyword as written (an unknown one stays as it is, e.g. RUNN). */
	keyword: string;
	/** 1-based first and last line in the Dockerfile. */
	line: number;
	endLine: number;
	flags: Flag[];
	/**
	 * The arguments after the flags as Docker sees them: continuation lines joined, comment and
	 * blank lines inside a continuation dropped, heredoc bodies left out.
	 */
	text: string;
	/** The same arguments one physical line each, without the continuation character. */
	pieces: string[];
	/** Set when the arguments are a JSON array (exec form). */
	exec: string[] | undefined;
	heredocs: Heredoc[];
	/** ENV, ARG and LABEL pairs, values as written (quotes and escapes still in place). */
	properties: KeyValue[];
};

export type Stage = {
	index: number;
	/** The name given with `AS`, if any. */
	name: string | undefined;
	from: Instruction;
	/** The image as written, before ARG substitution. */
	image: string;
	platform: string | undefined;
	/** Everything after FROM up to the next FROM. */
	instructions: Instruction[];
};

export type Directive = {name: string; value: string; line: number};

export type DockerfileModel = {
	text: string;
	escapeChar: string;
	directives: Directive[];
	instructions: Instruction[];
	/** ARG instructions before the first FROM: they are in scope for FROM lines only. */
	globalArgs: Instruction[];
	/** Instructions other than ARG before the first FROM (invalid in Docker). */
	beforeFirstFrom: Instruction[];
	stages: Stage[];
};

export const knownKeywords = new Set([
	'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
	'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

const execFormKeywords = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);

/**
 * dockerfile-ast re-reads an instruction's arguments from the text on every getArguments() call
 * (instruction.js getRawArguments), and its parser, its accessors and dockerfile-utils' validator
 * ask about 13 times per instruction: the largest single cost of validating a Dockerfile. The
 * result depends only on the parsed document, so it is kept per instruction; callers get a copy
 * because ModifiableInstruction.getArguments shifts the array it receives.
 */
function rememberArguments() {
	const remembered = Symbol('rescale-apptainer remembered arguments');
	type WithRawArguments = {getRawArguments: () => unknown[]; [remembered]?: unknown[]};
	const prototype = AstInstructionClass.prototype as unknown as WithRawArguments;
	const read = prototype.getRawArguments;
	prototype.getRawArguments = function (this: WithRawArguments) {
		this[remembered] ??= read.call(this);
		return this[remembered].slice();
	};
}

rememberArguments();

const astByModel = new WeakMap<DockerfileModel, Dockerfile>();

/** The dockerfile-ast tree a model was read from, for checks that work on that tree. */
export function dockerfileAst(model: DockerfileModel): Dockerfile {
	let ast = astByModel.get(model);
	if (!ast) {
		ast = DockerfileParser.parse(model.text);
		astByModel.set(model, ast);
	}

	return ast;
}

/** Parses Dockerfile text (LF line endings) into stages and instructions. Never throws. */
export function parseDockerfile(text: string): DockerfileModel {
	const ast = DockerfileParser.parse(text);
	const escapeChar = ast.getEscapeCharacter();
	const lines = text.split('\n');
	const instructions = ast.getInstructions().map(instruction => toInstruction(instruction, lines, escapeChar));
	const directives = ast.getDirectives().map(directive => ({
		name: directive.getName().toLowerCase(),
		value: directive.getValue(),
		line: directive.getRange().start.line + 1,
	}));

	const model: DockerfileModel = {text, escapeChar, directives, instructions, globalArgs: [], beforeFirstFrom: [], stages: []};
	astByModel.set(model, ast);
	for (const instruction of instructions) {
		const current = model.stages.at(-1);
		if (instruction.keyword === 'FROM') {
			model.stages.push(toStage(instruction, model.stages.length));
		} else if (current) {
			current.instructions.push(instruction);
		} else if (instruction.keyword === 'ARG') {
			model.globalArgs.push(instruction);
		} else {
			model.beforeFirstFrom.push(instruction);
		}
	}

	return model;
}

/** True when at least one line reads as a Dockerfile instruction. */
export function hasKnownInstruction(model: DockerfileModel): boolean {
	return model.instructions.some(instruction => knownKeywords.has(instruction.keyword));
}

function toStage(from: Instruction, index: number): Stage {
	const words = from.text.trim().split(/\s+/).filter(Boolean);
	const hasAlias = words.length >= 3 && words[1]!.toUpperCase() === 'AS';
	return {
		index,
		name: hasAlias ? words[2]!.toLowerCase() : undefined,
		from,
		image: words[0] ?? '',
		platform: from.flags.find(flag => flag.name === 'platform')?.value,
		instructions: [],
	};
}

function toInstruction(instruction: AstInstruction, lines: string[], escapeChar: string): Instruction {
	const range = instruction.getRange();
	const keyword = instruction.getKeyword().toUpperCase();
	const heredocs = readHeredocs(instruction, lines);
	const heredocLines = new Set(heredocs.flatMap(heredoc => heredoc.lines));
	const argumentsStart = instruction.getArguments()[0]?.getRange().start;
	const pieces = argumentsStart
		? readPieces(lines, argumentsStart, range.end.line, heredocLines, escapeChar)
		: [];
	const text = pieces.join('');
	return {
		keyword,
		line: range.start.line + 1,
		endLine: range.end.line + 1,
		flags: readFlags(instruction),
		text,
		pieces,
		exec: execFormKeywords.has(keyword) ? parseExecForm(text) : undefined,
		heredocs: heredocs.map(({name, body}) => ({name, body})),
		properties: readProperties(instruction),
	};
}

/**
 * Physical lines of the arguments as Docker joins them: the continuation character and anything
 * after it on the line go, and comment or blank lines inside a continuation are skipped.
 */
function readPieces(
	lines: string[],
	start: {line: number; character: number},
	endLine: number,
	skip: Set<number>,
	escapeChar: string,
): string[] {
	const continuation = continuationPattern(escapeChar);
	const pieces: string[] = [];
	let continued = false;
	for (let lineNumber = start.line; lineNumber <= endLine; lineNumber++) {
		if (skip.has(lineNumber)) {
			continue;
		}

		const raw = lineNumber === start.line ? lines[lineNumber]!.slice(start.character) : lines[lineNumber] ?? '';
		if (lineNumber !== start.line) {
			if (!continued) {
				break;
			}

			if (raw.trim() === '' || raw.trimStart().startsWith('#')) {
				continue;
			}
		}

		continued = continuation.test(raw);
		pieces.push(continued ? raw.replace(continuation, '') : raw);
	}

	return pieces;
}

type LocatedHeredoc = Heredoc & {lines: number[]};

function readHeredocs(instruction: AstInstruction, lines: string[]): LocatedHeredoc[] {
	const withHeredocs = instruction as unknown as {getHeredocs?: () => Array<DockerHeredoc>};
	if (typeof withHeredocs.getHeredocs !== 'function') {
		return [];
	}

	let heredocs: Array<DockerHeredoc>;
	try {
		heredocs = withHeredocs.getHeredocs();
	} catch {
		// dockerfile-ast 0.7 throws on some malformed heredoc openers (found by the fuzz test);
		// the line then reads as a plain command, and dockerfile-utils reports the syntax.
		return [];
	}

	return heredocs.map(heredoc => {
		const content = heredoc.getContentRange();
		const delimiter = heredoc.getDelimiterRange();
		const bodyStart = content?.start.line ?? delimiter?.start.line ?? heredoc.getStartRange().end.line + 1;
		const bodyEnd = content ? content.end.line : bodyStart - 1;
		const body: number[] = [];
		for (let line = bodyStart; line <= bodyEnd; line++) {
			body.push(line);
		}

		const located = delimiter ? [...body, delimiter.start.line] : body;
		return {name: heredoc.getName(), body: body.map(line => lines[line] ?? ''), lines: located};
	});
}

function readFlags(instruction: AstInstruction): Flag[] {
	const withFlags = instruction as unknown as {getFlags?: () => Array<DockerFlag>};
	if (typeof withFlags.getFlags !== 'function') {
		return [];
	}

	return withFlags.getFlags().map(flag => ({name: flag.getName().toLowerCase(), value: flag.getValue() ?? undefined}));
}

function readProperties(instruction: AstInstruction): KeyValue[] {
	const withProperties = instruction as unknown as {getProperties?: () => Array<DockerProperty>};
	if (typeof withProperties.getProperties !== 'function') {
		return [];
	}

	return withProperties.getProperties().flatMap(property => {
		const rawValue = property.getUnescapedValue() ?? undefined;
		// `ARG A B` declares two ARGs (BuildKit reads each word as NAME[=VALUE]); only ENV and
		// LABEL have the legacy `NAME VALUE` form the parser reads here.
		if (instruction.getKeyword().toUpperCase() === 'ARG' && rawValue !== undefined && property.getAssignmentOperator() === null) {
			return [property.getName(), ...rawValue.trim().split(/\s+/)].map(name => ({name, rawValue: undefined}));
		}

		return [{name: property.getName(), rawValue}];
	});
}

function parseExecForm(text: string): string[] | undefined {
	const trimmed = text.trim();
	if (!trimmed.startsWith('[')) {
		return undefined;
	}

	try {
		const parsed: unknown = JSON.parse(trimmed);
		return Array.isArray(parsed) && parsed.every(item => typeof item === 'string') ? parsed : undefined;
	} catch {
		return undefined;
	}
}

const continuationPatterns = new Map<string, RegExp>();

/** The escape character at the end of a line (and blanks after it): a continuation. */
function continuationPattern(escapeChar: string): RegExp {
	let pattern = continuationPatterns.get(escapeChar);
	if (!pattern) {
		pattern = new RegExp(`${escapeRegExp(escapeChar)}[ \\t]*$`);
		continuationPatterns.set(escapeChar, pattern);
	}

	return pattern;
}

function escapeRegExp(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}
