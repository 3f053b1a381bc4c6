import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {test} from 'node:test';
import originalStringWidth from 'string-width';
import {prefilterEmojiRegex} from '../../build/emoji-prefilter.mjs';
import {projectRoot} from '../helpers/cli.js';

const source = readFileSync(path.join(projectRoot, 'node_modules/string-width/index.js'), 'utf8');

/** string-width with the bundle's prefilter, its imports pointed at string-width's own dependencies. */
async function prefilteredStringWidth(): Promise<typeof originalStringWidth> {
	const dependencies = createRequire(path.join(projectRoot, 'node_modules/string-width/index.js'));
	const file = path.join(mkdtempSync(path.join(tmpdir(), 'string-width-')), 'index.mjs');
	writeFileSync(file, prefilterEmojiRegex(source).replaceAll(/from '([\w-]+)'/g, (_match, name: string) => `from '${pathToFileURL(dependencies.resolve(name)).href}'`));
	return ((await import(pathToFileURL(file).href)) as {default: typeof originalStringWidth}).default;
}

const sequences = [
	'😀', '👍🏽', '🇫🇷', '🇺🇳', '1️⃣', '#️⃣', '*️⃣', '1⃣', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️', '❤', '☺', '☺️', '©', '©️', '®️', '™️', '↔️', '🧑🏿‍🚀', '🫠',
	'● Validate the Dockerfile  ○ Review the def file', '✓ ✗ ❯ → • · █ ░ ▏ │ ← ↑/↓ …', 'über', '中文字符', 'ｶﾀｶﾅ', '한국어', 'e\u0301', '\u200B', 'a\tb', '\u001B[31mred\u001B[39m ✓',
];

test('the prefiltered string-width measures every code point and emoji sequence as string-width does', async () => {
	const prefiltered = await prefilteredStringWidth();
	for (const text of sequences) {
		assert.equal(prefiltered(text), originalStringWidth(text), JSON.stringify(text));
		assert.equal(prefiltered(text, {ambiguousIsNarrow: false}), originalStringWidth(text, {ambiguousIsNarrow: false}), JSON.stringify(text));
	}

	const differences: string[] = [];
	for (let codePoint = 0x80; codePoint < 0x2_0000; codePoint++) {
		if (codePoint >= 0xD8_00 && codePoint <= 0xDF_FF) {
			continue;
		}

		const character = String.fromCodePoint(codePoint);
		for (const text of [`x${character}`, `${character}\uFE0F`, `${character}\uFE0F\u20E3`]) {
			if (prefiltered(text) !== originalStringWidth(text)) {
				differences.push(`U+${codePoint.toString(16)}`);
			}
		}
	}

	assert.deepEqual(differences, []);
});

test('the wizard\'s own symbols never reach the RGI emoji set; an emoji does', async () => {
	const prefiltered = await prefilteredStringWidth();
	const built: string[] = [];
	const RealRegExp = globalThis.RegExp;
	globalThis.RegExp = new Proxy(RealRegExp, {
		construct(target, args: [string, string?]) {
			built.push(String(args[0]));
			return new target(...args);
		},
	});
	try {
		prefiltered('● Validate the Dockerfile  ○ Review  ✓ ✗ ❯ → • · █ ░ ▏ │ ← ↑/↓ … ─');
		assert.deepEqual(built.filter(pattern => pattern.includes('RGI_Emoji')), [], 'the set was not compiled for the symbols');
		prefiltered('ready 🚀');
		assert.equal(built.filter(pattern => pattern.includes('RGI_Emoji')).length, 1, 'compiled once, for the emoji');
	} finally {
		globalThis.RegExp = RealRegExp;
	}
});

test('the build refuses a string-width whose RGI line changed, and the bundle carries the prefilter', () => {
	assert.throws(() => prefilterEmojiRegex(source.replace('/^\\p{RGI_Emoji}$/v', '/^\\p{RGI_Emoji}$/vu')), /no longer declares/);
	const chunks = readdirSync(path.join(projectRoot, 'dist')).filter(name => name.endsWith('.js')).map(name => readFileSync(path.join(projectRoot, 'dist', name), 'utf8'));
	assert.equal(chunks.filter(chunk => chunk.includes('mayBeEmoji')).length, 1, 'one bundled string-width, prefiltered');
	assert.deepEqual(chunks.filter(chunk => chunk.includes('/^\\p{RGI_Emoji}$/v')), [], 'no eager RGI regex left in dist/');
});
