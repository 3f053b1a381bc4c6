import {parseImageRef} from '../image-ref.js';
import type {Rule} from './rule.js';

export const baseUnpinnedRule: Rule = {
	id: 'base-unpinned',
	relatesTo: 'DL3006, DL3007',
	check({stages}) {
		return stages.flatMap(stage => {
			const image = parseImageRef(stage.resolvedImage);
			const unpinned = !image.digest && (image.tag === undefined || image.tag === 'latest');
			if (stage.parent || stage.resolvedImage === 'scratch' || !unpinned || stage.unresolvedArgs.length > 0) {
				return [];
			}

			const how = image.tag === 'latest' ? 'uses :latest' : 'has no tag (so it means :latest)';
			return [{
				rule: 'base-unpinned',
				severity: 'warning' as const,
				line: stage.from.line,
				message: `Base image ${stage.resolvedImage} ${how}: it changes under you, so a rebuild can produce a different SIF.`,
				fix: `Pin a version, e.g. FROM ${image.repository}:<version> (add @sha256:<digest> for fully reproducible builds).`,
			}];
		});
	},
};
