import type {Plugin} from 'esbuild';

export function prefilterEmojiRegex(source: string, file?: string): string;
export const emojiPrefilterPlugin: Plugin;
