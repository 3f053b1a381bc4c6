import {Text} from 'ink';
import {truncateSegments, type Segment} from '../cut-text.js';

/**
 * One row of differently styled parts, cut at `width` columns with the locale's ellipsis: Ink's own
 * truncation always ends in `…`, which a terminal outside UTF-8 cannot show.
 */
export function CutRow({segments, width}: {segments: Segment[]; width: number}) {
	const shown = truncateSegments(segments.map(segment => segment.text), width);
	return (
		<Text wrap="truncate">
			{segments.map((segment, index) => (
				// The parts never move, so their places are their keys.
				<Text key={index} color={segment.color} dimColor={segment.dimColor} bold={segment.bold}>{shown[index]}</Text>
			))}
		</Text>
	);
}
