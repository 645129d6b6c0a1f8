// Fixed parameters of the demo data build. Changing any of them changes the outputs.

/** The last day covered by the demo cases (24 months ending on this day, Beijing time). */
export const DEMO_ANCHOR_DATE = '2026-11-30';
/** Seed of every random stream in the build (each stage derives its own stream from it). */
export const SEED = 'shihe-demo-v1';
export const DISTRICT_CODE = '411502000000';
export const DISTRICT_NAME = '浉河区';
/** Number of months of demo cases before the anchor date. */
export const CASE_MONTHS = 24;
/** People's mediation case rate used for the demo volume (disputes per resident per year). */
export const CASES_PER_RESIDENT_YEAR = 0.0094;

/**
 * Seats placed by hand (schematic) for the 7 township-level units with no public point.
 * Chosen from the neighbour facts in shihe-township-facts.csv and the AMap points of the
 * neighbours (WGS84). They are illustrative only.
 */
export const SCHEMATIC_SEATS: Record<string, [number, number]> = {
  '411502001000': [114.0720, 32.1140], // 老城: W of 民权, S/E of 五里墩, N of 五星/湖东
  '411502003000': [114.0920, 32.1130], // 车站: E and N of 民权, along the district edge (四里棚 is in it)
  '411502005000': [114.0850, 32.0980], // 五星: S of 老城/民权, N of 十三里桥
  '411502007000': [113.9950, 32.1360], // 南湾: by 南湾湖, W of 金牛山, E of 董家河, S of 游河
  '411502008000': [114.0350, 32.1290], // 金牛山: E of 南湾
  '411502009000': [114.0470, 32.2150], // 双井: N of the city (its villages 何寨, 冯湾 are at 32.25–32.27 N)
  '411502010000': [114.0820, 32.0780], // 贤山: SE of the centre
};

/**
 * Target areas (km²) of the schematic township polygons. Values marked "fact" come from
 * shihe-township-facts.csv; the others are guesses that share out the rest of the district
 * (they are rescaled so that all targets add up to the outline's area).
 */
export const TOWNSHIP_AREA_TARGETS: Record<string, { km2: number; fact: boolean }> = {
  '411502001000': { km2: 4.4, fact: true }, // 老城
  '411502002000': { km2: 4.8, fact: true }, // 民权
  '411502003000': { km2: 5, fact: false }, // 车站
  '411502004000': { km2: 12, fact: false }, // 五里墩
  '411502005000': { km2: 7, fact: false }, // 五星
  '411502006000': { km2: 6, fact: false }, // 湖东
  '411502007000': { km2: 35.42, fact: true }, // 南湾
  '411502008000': { km2: 25, fact: false }, // 金牛山
  '411502009000': { km2: 42, fact: true }, // 双井
  '411502010000': { km2: 30, fact: false }, // 贤山
  '411502100000': { km2: 228, fact: true }, // 李家寨
  '411502101000': { km2: 190, fact: false }, // 吴家店
  '411502102000': { km2: 90, fact: false }, // 东双河
  '411502103000': { km2: 170, fact: false }, // 董家河
  '411502104000': { km2: 306, fact: true }, // 浉河港
  '411502203000': { km2: 120, fact: false }, // 游河
  '411502206000': { km2: 302, fact: true }, // 谭家河
  '411502207000': { km2: 101, fact: false }, // 柳林
  '411502208000': { km2: 101.7, fact: true }, // 十三里桥
};

/** 2020 census urbanisation rate (shihe-stats.csv); used to split the estimate between communities and villages. */
export const URBANISATION_RATE_FALLBACK = 0.696;

/** The six small subdistricts of the old city, tiled in a second step inside one first-step cell. */
export const CITY_CORE = ['411502001000', '411502002000', '411502003000', '411502004000', '411502005000', '411502006000'];

/** Hand-placed power-diagram sites of the city core (not seats): they fix the layout of the six small subdistricts. */
export const CITY_CORE_SITES: Record<string, [number, number]> = {
  '411502001000': [114.0640, 32.1170], // 老城
  '411502002000': [114.0790, 32.1190], // 民权
  '411502003000': [114.0950, 32.1130], // 车站
  '411502004000': [114.0600, 32.1340], // 五里墩
  '411502005000': [114.0780, 32.1020], // 五星
  '411502006000': [114.0550, 32.1020], // 湖东
};
/** Where the city core starts in the first step. */
export const CITY_CORE_CENTRE: [number, number] = [114.0700, 32.1170];
