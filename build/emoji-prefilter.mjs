// string-width 8 (Ink's text measure) tests every non-ASCII cluster against /^\p{RGI_Emoji}$/v. Node
// 20's V8 compiles that set of some 3,600 sequences on its first use: ~70-90 ms, paid inside the
// wizard's first render (its step bar has ● and ○). string-width 7 (under wrap-ansi, which wraps and
// cuts every line) runs the emoji-regex package's pattern on every character of every line it
// measures: most of the CPU a redrawn frame costs. Every emoji holds a non-ASCII code point that is
// Emoji or Emoji_Component (keycaps their U+FE0F and U+20E3, flags their regional indicators), so a
// cluster without one cannot match: the bundle asks that cheap question first. Widths are unchanged
// (test/build/emoji-prefilter.test.ts compares both versions over every code point).
import {readFile} from 'node:fs/promises';

const eagerRegex = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const prefiltered = `const rgiEmojiRegex = {
	mayBeEmoji: /(?![\\x00-\\x7F])[\\p{Emoji}\\p{Emoji_Component}]/u,
	rgiEmoji: undefined,
	test(segment) {
		return this.mayBeEmoji.test(segment) && (this.rgiEmoji ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(segment);
	},
};`;

const everyCharacterTest = 'if (emojiRegex().test(character)) {';
const prefilteredCharacterTest = `if (/(?![\\x00-\\x7F])[\\p{Emoji}\\p{Emoji_Component}]/u.test(character) && emojiRegex().test(character)) {`;

/** string-width's source (8, or 7 with emoji-regex) with the prefilter; throws if the source no longer has the line it replaces. */
export function prefilterEmojiRegex(source, file = 'string-width') {
	const [line, replacement] = source.includes('from \'emoji-regex\'') ? [everyCharacterTest, prefilteredCharacterTest] : [eagerRegex, prefiltered];
	if (!source.includes(line)) {
		throw new Error(`${file} no longer has \`${line}\`: check build/emoji-prefilter.mjs against its new version`);
	}

	return source.replace(line, () => replacement);
}

/** The esbuild plugin: applies the prefilter to every string-width in the bundle. */
export const emojiPrefilterPlugin = {
	name: 'emoji-prefilter',
	setup(build) {
		build.onLoad({filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/}, async ({path}) => {
			const source = await readFile(path, 'utf8');
			return {contents: prefilterEmojiRegex(source, path), loader: 'js'};
		});
	},
};
