// A case located only to its village (issue 15): the label in the case file and the assign panel, the
// dispatcher's way to set its exact point on the map, and the hollow marker at the village's point.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { LOCATION_PRECISIONS, locationPrecisionText } from '../../server/src/contract/cases.ts';
import { caseData, dispatchPointsLayer, queueData } from '../src/layers/dispatch-points.ts';
import { casesLayer } from '../src/layers/cases.ts';
import { CaseFile, type CaseFileActions } from '../src/views/dispatch/CaseFile.tsx';
import { CasePanel } from '../src/views/dispatch/CasePanel.tsx';
import { createDetail, createFakeCases, createRanking, NOW } from './dispatch-fixtures.ts';

afterEach(cleanup);

const actions = (): CaseFileActions => ({
  onStatus: vi.fn(async () => true), onExtend: vi.fn(async () => true), onNote: vi.fn(async () => true),
  onGuidance: vi.fn(async () => true), onGuidancePatch: vi.fn(async () => true),
});
const village = { location_precision: 'village' as const, grid_code: null, grid_name: null };

describe('the label', () => {
  it('is the contract\'s vocabulary: 位置：仅到村（社区）', () => {
    expect(LOCATION_PRECISIONS.village).toBe('仅到村（社区）');
    expect(locationPrecisionText('village')).toBe('位置：仅到村（社区）');
  });

  it('the case file says a village-only case is located only to its village, and says nothing for a point', () => {
    render(<CaseFile detail={createDetail(village)} role="leader" now={NOW} {...actions()} />);
    expect(screen.getByTestId('precision-tag').textContent).toBe('位置：仅到村（社区）');
    cleanup();
    render(<CaseFile detail={createDetail()} role="leader" now={NOW} {...actions()} />);
    expect(screen.queryByTestId('precision-tag')).toBeNull();
  });
});

describe('setting the exact point', () => {
  it('a dispatcher arms the map from the assign panel; the clicked point is sent with the version seen', async () => {
    const cases = createFakeCases({
      get: vi.fn(async () => createDetail({ ...village, status: 'pending', mediator_id: null, mediator_name: null, deadline: null, version: 5 })),
      candidates: vi.fn(async () => ({ ...createRanking(), case_id: 42, version: 5 })),
      setLocation: vi.fn(async () => ({ id: 42, version: 6, location_precision: 'point' as const, lng: 114.07, lat: 32.13, township_code: '411502100000', village_code: '411502100201', grid_code: '411502100201001', tribunal_id: 1 })),
    });
    const onPlacing = vi.fn();
    const props = { caseId: 42, client: cases, role: 'dispatcher' as const, selectedMediator: null, onSelectMediator: () => undefined, now: NOW, onPlacing };
    const { rerender } = render(<CasePanel {...props} placing={false} placeAt={null} />);
    expect((await screen.findByTestId('precision-tag')).textContent).toBe('位置：仅到村（社区）');
    fireEvent.click(screen.getByTestId('set-point-start'));
    expect(onPlacing).toHaveBeenCalledWith(true);
    rerender(<CasePanel {...props} placing placeAt={null} />);
    expect(screen.getByTestId('set-point').textContent).toContain('请在地图上点击纠纷发生地');
    rerender(<CasePanel {...props} placing placeAt={{ lng: 114.07, lat: 32.13, key: 1 }} />);
    await waitFor(() => expect(cases.setLocation).toHaveBeenCalledWith(42, { version: 5, lng: 114.07, lat: 32.13 }));
    expect(onPlacing).toHaveBeenLastCalledWith(false);
    expect((await screen.findByTestId('case-notice')).textContent).toContain('已设定案件位置');
  });

  it('is not offered for a point-located case, nor in a leader\'s case file', async () => {
    const cases = createFakeCases({
      get: vi.fn(async () => createDetail({ status: 'pending', mediator_id: null, mediator_name: null, deadline: null })),
      candidates: vi.fn(async () => ({ ...createRanking(), case_id: 42, version: 3 })),
      setLocation: vi.fn(),
    });
    render(<CasePanel caseId={42} client={cases} role="dispatcher" selectedMediator={null} onSelectMediator={() => undefined} now={NOW} onPlacing={vi.fn()} />);
    await screen.findByTestId('case-panel');
    await waitFor(() => expect(cases.candidates).toHaveBeenCalled());
    expect(screen.queryByTestId('set-point')).toBeNull();
    cleanup();
    // A leader's case file: the label, no control (CasePanel offers it only to dispatcher and admin).
    render(<CaseFile detail={createDetail({ ...village, status: 'assigned' })} role="leader" now={NOW} {...actions()} />);
    expect(screen.getByTestId('precision-tag').textContent).toBe('位置：仅到村（社区）');
    expect(screen.queryByTestId('set-point')).toBeNull();
  });
});

describe('the marker', () => {
  const paint = (def: ReturnType<typeof dispatchPointsLayer> | ReturnType<typeof casesLayer>, id: string) =>
    def.layers.find((l) => l.spec.id === id)!.spec as unknown as { paint: Record<string, unknown> };

  it('a village-only case is drawn hollow (white inside, its colour as the ring), in the queue and as the case shown', () => {
    const queue = queueData([{ id: 1, lng: 114, lat: 32, status: 'pending', overdue: false, village_only: true }, { id: 2, lng: 114.1, lat: 32.1, status: 'pending', overdue: false }], null);
    expect(queue.features.map((f) => f.properties.village_only)).toEqual([true, false]);
    expect(caseData([114, 32], null, true).features[0]!.properties).toEqual({ kind: 'case', village_only: true });
    expect(caseData([114, 32], null).features[0]!.properties.village_only).toBe(false);
    const def = dispatchPointsLayer({ queue, candidates: { type: 'FeatureCollection', features: [] }, casePoint: caseData([114, 32], null, true) });
    for (const id of ['dispatch-queue-point', 'dispatch-case-point']) {
      const p = paint(def, id).paint;
      expect(p['circle-color']).toEqual(['case', ['==', ['get', 'village_only'], true], '#ffffff', expect.anything()]);
      expect(JSON.stringify(p['circle-stroke-color'])).toContain('village_only');
    }
  });

  it('the overview\'s case points (tile attribute location_precision) too', () => {
    const p = paint(casesLayer({ tileUrl: '/t/{z}/{x}/{y}', visible: true }), 'cases-point').paint;
    expect(JSON.stringify(p['circle-color'])).toContain('["==",["get","location_precision"],"village"],"#ffffff"');
    expect(JSON.stringify(p['circle-stroke-color'])).toContain('location_precision');
  });
});
