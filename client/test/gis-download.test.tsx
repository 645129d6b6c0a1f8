// The GIS download control: a plain link to GET /api/export/:layer with the chosen format, CRS and (for a
// Shapefile) the text encoding.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { GisDownload } from '../src/components/GisDownload.tsx';
import { exportUrl } from '../src/api/export.ts';

afterEach(cleanup);

describe('GisDownload', () => {
  it('opens on the shown layer and links to the export with the choices', () => {
    render(<GisDownload layers={{ mediators: '调解员', grids: '网格' }} layer="mediators" />);
    fireEvent.click(screen.getByTestId('gis-download-open'));
    const link = () => screen.getByTestId('gis-download-link').getAttribute('href');
    expect(link()).toBe('/api/export/mediators?format=gpkg&crs=4490');
    fireEvent.change(screen.getByLabelText('图层'), { target: { value: 'grids' } });
    fireEvent.change(screen.getByLabelText('格式'), { target: { value: 'shp' } });
    fireEvent.change(screen.getByLabelText('坐标系'), { target: { value: '4547' } });
    expect(link()).toBe('/api/export/grids?format=shp&crs=4547&encoding=gbk');
    fireEvent.change(screen.getByLabelText('编码'), { target: { value: 'utf-8' } });
    expect(link()).toBe('/api/export/grids?format=shp&crs=4547&encoding=utf-8');
  });

  it('exportUrl passes the layer filters', () => {
    expect(exportUrl({ layer: 'cases', format: 'gpkg', crs: 4326, encoding: 'gbk', filters: { township_code: '411502001000' } }))
      .toBe('/api/export/cases?format=gpkg&crs=4326&township_code=411502001000');
  });
});
