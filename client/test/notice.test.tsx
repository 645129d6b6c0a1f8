import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { noticeText, schematicLevels } from '../src/lib/notice.ts';
import { Notice } from '../src/components/Notice.tsx';
import { createArea } from './fixtures.ts';

afterEach(cleanup);

describe('notice logic', () => {
  it('says the full notice when all levels are schematic and the data is demo', () => {
    expect(noticeText(['township', 'village', 'grid'], true)).toBe(
      '本图乡镇、村(社区)及网格边界为示意数据，非官方边界；调解员与案件为演示数据',
    );
  });
  it('names only the schematic levels on display', () => {
    expect(noticeText(['township', 'village'], false)).toBe('本图乡镇及村(社区)边界为示意数据，非官方边界');
    expect(noticeText(['grid'], false)).toBe('本图网格边界为示意数据，非官方边界');
  });
  it('says only the demo notice when boundaries are official or imported', () => {
    expect(noticeText([], true)).toBe('调解员与案件为演示数据');
  });
  it('says nothing for official boundaries and real data', () => {
    expect(noticeText([], false)).toBeNull();
  });
  it('finds the levels whose displayed features are schematic', () => {
    const levels = schematicLevels({
      township: [createArea({ level: 'township', geometry_source: 'official' })],
      village: [createArea({ geometry_source: 'imported' }), createArea({ geometry_source: 'schematic' })],
      grid: [],
    });
    expect(levels).toEqual(['village']);
  });
});

describe('Notice', () => {
  it('shows the text as a note', () => {
    render(<Notice text="调解员与案件为演示数据" />);
    expect(screen.getByRole('note').textContent).toContain('调解员与案件为演示数据');
  });
  it('renders nothing without text', () => {
    const { container } = render(<Notice text={null} />);
    expect(container.innerHTML).toBe('');
  });
});
