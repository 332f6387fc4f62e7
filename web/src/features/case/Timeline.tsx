import { useId } from 'react';
import { LABEL_ROW_H, timelineCaption, timelineShapes, type TimelineInput } from './timeline';

const FOLLOW_UP_COLOURS: Record<string, string> = {
  required: '#005ea2',
  overdue: '#b50909',
  completed: '#00a91c',
  declined: '#71767a',
  missed: '#5c1111',
};

const MARKER_COLOURS: Record<string, string> = {
  participation: '#1b1b1b',
  lastService: '#162e51',
  today: '#e5a000',
  softExit: '#b50909',
  exit: '#1b1b1b',
};

/**
 * R-UI-4: the exit-clock timeline. The drawing is an image named "Exit clock timeline" whose text
 * equivalent (the caption) is on the page; the shapes come from timeline.ts (pure, unit-tested).
 */
export function Timeline({ input }: { input: TimelineInput }) {
  const captionId = useId();
  const shapes = timelineShapes(input);
  const caption = timelineCaption(input);
  const { width, height } = shapes.geometry;
  const labelY = shapes.axisY + 30;
  const markerBottom = labelY - 10;
  return (
    <figure className="console-timeline margin-x-0">
      <svg role="img" aria-label="Exit clock timeline" aria-describedby={captionId} viewBox={`0 0 ${width} ${height}`} focusable="false">
        {shapes.window && (
          <rect x={shapes.window.x} y={8} width={shapes.window.width} height={shapes.axisY - 8} fill="#d9e8f6" opacity={0.7}>
            <title>{shapes.window.label}</title>
          </rect>
        )}
        {shapes.breakBand && (
          <rect x={shapes.breakBand.x} y={8} width={shapes.breakBand.width} height={shapes.axisY - 8} fill="#faf3d1" stroke="#e5a000" strokeDasharray="4 3">
            <title>{shapes.breakBand.label}</title>
          </rect>
        )}
        <line x1={16} x2={width - 16} y1={shapes.axisY} y2={shapes.axisY} stroke="#565c65" strokeWidth={1} />
        {shapes.ticks.map((t) => (
          <g key={t.label}>
            <line x1={t.x} x2={t.x} y1={shapes.axisY} y2={shapes.axisY + 5} stroke="#565c65" />
            <text x={t.x} y={shapes.axisY + 17} fontSize={11} textAnchor="middle" fill="#1b1b1b">
              {t.label}
            </text>
          </g>
        ))}
        {shapes.bars.map((b) => (
          <rect
            key={b.id}
            x={b.x}
            y={b.y}
            width={b.width}
            height={10}
            rx={2}
            fill={b.planned ? 'none' : b.open ? '#e5a000' : '#162e51'}
            stroke={b.planned ? '#162e51' : undefined}
            strokeDasharray={b.planned ? '4 2' : undefined}
          >
            <title>{b.label}</title>
          </rect>
        ))}
        {shapes.markers.map((m) => {
          const colour = m.kind === 'followUp' ? (FOLLOW_UP_COLOURS[m.status ?? ''] ?? '#005ea2') : (MARKER_COLOURS[m.kind] ?? '#1b1b1b');
          return (
            <g key={`${m.kind}:${m.date}:${m.label}`}>
              <line
                x1={m.x}
                x2={m.x}
                y1={8}
                y2={m.kind === 'followUp' ? shapes.axisY : markerBottom}
                stroke={colour}
                strokeWidth={m.kind === 'today' ? 2 : 1.5}
                strokeDasharray={m.kind === 'today' ? '3 2' : undefined}
              />
              {m.kind === 'followUp' && (
                <circle cx={m.x} cy={shapes.axisY} r={5} fill={colour}>
                  <title>{`${m.label} follow-up due ${m.date} (${m.status ?? ''})`}</title>
                </circle>
              )}
              <text x={m.x} y={labelY + m.row * LABEL_ROW_H} fontSize={11} textAnchor={m.anchor} fill="#1b1b1b">
                {m.text}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id={captionId}>{caption}</figcaption>
    </figure>
  );
}
