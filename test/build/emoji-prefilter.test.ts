import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {test} from 'node:test';
import type originalStringWidth from 'string-width';
import {prefilterEmojiRegex} from '../../build/emoji-prefilter.mjs';
import {projectRoot} from '../helpers/cli.js';

type StringWidth = typeof originalStringWidth;

// string-width 8 (Ink's) and 7 (wrap-ansi's): the bundle prefilters both.
const versions = ['node_modules/string-width/index.js', 'node_modules/wrap-ansi/node_modules/string-width/index.js'].map(file => path.join(projectRoot, file));
const source = readFileSync(versions[0]!, 'utf8');

/** The string-width at `file` as it is, and with the bundle's prefilter (its imports pointed at its own dependencies). */
async function bothWays(file: string): Promise<[original: StringWidth, prefiltered: StringWidth]> {
	const dependencies = createRequire(file);
	const copy = path.join(mkdtempSync(path.join(tmpdir(), 'string-width-')), 'index.mjs');
	writeFileSync(copy, prefilterEmojiRegex(readFileSync(file, 'utf8')).replaceAll(/from '([\w-]+)'/g, (_match, name: string) => `from '${pathToFileURL(dependencies.resolve(name)).href}'`));
	const load = async (url: string) => ((await import(url)) as {default: StringWidth}).default;
	return [await load(pathToFileURL(file).href), await load(pathToFileURL(copy).href)];
}

async function prefilteredStringWidth(): Promise<StringWidth> {
	return (await bothWays(versions[0]!))[1];
}

const sequences = [
	'😀', '👍🏽', '🇫🇷', '🇺🇳', '1️⃣', '#️⃣', '*️⃣', '1⃣', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️', '❤', '☺', '☺️', '©', '©️', '®️', '™️', '↔️', '🧑🏿‍🚀', '🫠',
	'● Validate the Dockerfile  ○ Review the def file', '✓ ✗ ❯ → • · █ ░ ▏ │ ← ↑/↓ …', 'über', '中文字符', 'ｶﾀｶﾅ', '한국어', 'e\u0301', '\u200B', 'a\tb', '\u001B[31mred\u001B[39m ✓',
];

for (const file of versions) {
	test(`the prefiltered ${path.relative(projectRoot, file)} measures every code point and emoji sequence as the original does`, async () => {
		const [originalStringWidth, prefiltered] = await bothWays(file);
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
}

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

test('the build refuses a string-width whose emoji test changed, and the bundle carries both prefilters', () => {
	assert.throws(() => prefilterEmojiRegex(source.replace('/^\\p{RGI_Emoji}$/v', '/^\\p{RGI_Emoji}$/vu')), /no longer has/);
	assert.throws(() => prefilterEmojiRegex(readFileSync(versions[1]!, 'utf8').replace('emojiRegex().test(character)', 'emojiRegex().test(segment)')), /no longer has/);
	const chunks = readdirSync(path.join(projectRoot, 'dist')).filter(name => name.endsWith('.js')).map(name => readFileSync(path.join(projectRoot, 'dist', name), 'utf8'));
	assert.equal(chunks.filter(chunk => chunk.includes('mayBeEmoji')).length, 1, 'one bundled string-width, prefiltered');
	assert.deepEqual(chunks.filter(chunk => chunk.includes('/^\\p{RGI_Emoji}$/v')), [], 'no eager RGI regex left in dist/');
	const characterTests = chunks.flatMap(chunk => chunk.match(/if \(.*emoji_regex.*\.test\(character\)\) \{/g) ?? []);
	assert.equal(characterTests.length, 1, 'one bundled string-width 7');
	assert.match(characterTests[0]!, /Emoji_Component\}\]\/u\.test\(character\) &&/, 'its emoji test prefiltered');
});
