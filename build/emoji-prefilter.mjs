// string-width (Ink's text measure) tests every non-ASCII cluster against /^\p{RGI_Emoji}$/v. Node 20's
// V8 compiles that set of some 3,600 sequences on its first use: ~70-90 ms, paid inside the wizard's
// first render (its step bar has ● and ○). Every RGI emoji holds a non-ASCII code point that is Emoji or
// Emoji_Component (keycaps their U+FE0F and U+20E3, flags their regional indicators), so a cluster
// without one cannot match: the bundle asks that cheap question first and compiles the set only for a
// cluster that passes it. Widths are unchanged (test/build/emoji-prefilter.test.ts compares them).
import {readFile} from 'node:fs/promises';

const eagerRegex = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const prefiltered = `const rgiEmojiRegex = {
	mayBeEmoji: /(?![\\x00-\\x7F])[\\p{Emoji}\\p{Emoji_Component}]/u,
	rgiEmoji: undefined,
	test(segment) {
		return this.mayBeEmoji.test(segment) && (this.rgiEmoji ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(segment);
	},
};`;

/** string-width's source with the prefilter; throws if the source no longer has the line it replaces. */
export function prefilterEmojiRegex(source, file = 'string-width') {
	if (!source.includes(eagerRegex)) {
		throw new Error(`${file} no longer declares \`${eagerRegex}\`: check build/emoji-prefilter.mjs against its new version`);
	}

	return source.replace(eagerRegex, () => prefiltered);
}

/** The esbuild plugin: applies the prefilter to every string-width that tests clusters with the RGI regex. */
export const emojiPrefilterPlugin = {
	name: 'emoji-prefilter',
	setup(build) {
		build.onLoad({filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/}, async ({path}) => {
			const source = await readFile(path, 'utf8');
			// string-width 7 (under wrap-ansi) matches emoji with the emoji-regex package instead: left alone.
			return {contents: source.includes('from \'emoji-regex\'') ? source : prefilterEmojiRegex(source, path), loader: 'js'};
		});
	},
};
