/**
 * Builds the two demo city files from the district tables in ../shared/data:
 *
 *   examples/surabaya.city.json   (base year 2003, IDR)
 *   examples/chongqing.city.json  (base year 2002, CNY)
 *
 * Run: npx tsx scripts/build-demo-cities.ts
 *
 * Every seeded value carries provenance (S = read in a source, S-later =
 * sourced for a later year, E = engineering estimate); docs/data-sources.md
 * explains each value group. The output is deterministic (no dates, no
 * randomness): re-running on the same CSVs gives byte-identical files. Each
 * file is validated with cityFileSchema before it is written; on a problem
 * the script lists the issues and exits non-zero.
 *
 * The generated files are committed; the app seeds from them and never runs
 * this script.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cityFileSchema, type CityFileInput } from '../src/model/cityFile.js';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..');
const sharedData = resolve(projectRoot, '..', 'shared', 'data');
const examplesDir = resolve(projectRoot, 'examples');

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

type Status = 'S' | 'S-later' | 'E';
interface Prov {
  status: Status;
  source?: string;
  note?: string;
}
type ProvMap = Record<string, Prov>;

const S = (source: string, note?: string): Prov => (note ? { status: 'S', source, note } : { status: 'S', source });
const SL = (source: string, note?: string): Prov => (note ? { status: 'S-later', source, note } : { status: 'S-later', source });
const E = (note?: string, source = 'engineering-estimate'): Prov => (note ? { status: 'E', source, note } : { status: 'E', source });

/** Minimal RFC 4180 CSV reader (quoted fields, doubled quotes). */
function readCsv(file: string): Array<Record<string, string>> {
  const text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const round = (x: number, d: number): number => Number(x.toFixed(d));
const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/'/g, '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** Shares proportional to weights, 9 decimals, the last one closing the sum to 1. */
function splitShares(weights: number[]): number[] {
  const tot = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => round(w / tot, 9));
  const head = out.slice(0, -1).reduce((a, b) => a + b, 0);
  out[out.length - 1] = round(1 - head, 9);
  return out;
}

/** Great-circle distance in km (haversine, R = 6371 km), as in data/NOTES.md. */
function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}
const ROAD_FACTOR = 1.3; // data/NOTES.md: road km = great-circle x 1.3 (E)

/**
 * Deterministic spread of the i-th of n points of one district around the
 * district's distance: factor in [lo, hi], golden-ratio sequence so that
 * point 1 is not always the nearest.
 */
function spreadFactor(i: number, lo: number, hi: number): number {
  const golden = 0.6180339887498949;
  const u = ((i + 0.5) * golden) % 1;
  return lo + (hi - lo) * u;
}

/** Tchobanoglous speed classes (MODEL.md section 4): km/h -> [a h/trip, b h/km]. */
const SPEED: Record<string, [number, number]> = { '88': [0.016, 0.0112], '72': [0.022, 0.014], '56': [0.034, 0.018], '40': [0.05, 0.025] };

interface TripVehicle {
  system: 'hauled' | 'stationary';
  volumeM3: number;
  compactionRatio: number;
  looseDensityTPerM3: number;
  fillFactor: number;
  containerVolumeM3?: number;
  legalPayloadT: number;
  pickupHours: number;
  unloadHours: number;
  betweenStopsHours: number;
  atSiteHours: number;
  speedClassKmh: '88' | '72' | '56' | '40';
  workdayHours: number;
  offRouteFactor: number;
  garageToFirstHours: number;
  lastToGarageHours: number;
}

/**
 * Trips per vehicle-day and payload (MODEL.md section 4), used here only to
 * size fleets and to pick the "far" points; the engine computes its own.
 */
function tripModel(v: TripVehicle, x: number, pickupLocations: number): { tripsPerDay: number; payloadT: number } {
  const [a, b] = SPEED[v.speedClassKmh];
  const available = v.workdayHours * (1 - v.offRouteFactor) - (v.garageToFirstHours + v.lastToGarageHours);
  if (v.system === 'hauled') {
    const T = v.pickupHours + v.unloadHours + v.betweenStopsHours + v.atSiteHours + a + b * x;
    return { tripsPerDay: Math.floor(available / T + 1e-9), payloadT: Math.min(v.volumeM3 * v.fillFactor * v.looseDensityTPerM3, v.legalPayloadT) };
  }
  const c = v.containerVolumeM3 ?? v.volumeM3;
  const Ct = Math.max(1, Math.floor((v.volumeM3 * v.compactionRatio) / (c * v.fillFactor) + 1e-9));
  const T = Ct * v.pickupHours + (pickupLocations - 1) * v.betweenStopsHours + v.atSiteHours + a + b * x;
  return { tripsPerDay: Math.floor(available / T + 1e-9), payloadT: Math.min(Ct * c * v.fillFactor * v.looseDensityTPerM3, v.legalPayloadT) };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function seasonalMean(f: number[]): number {
  return f.reduce((a, x, m) => a + x * MONTH_DAYS[m], 0) / 365;
}

// ---------------------------------------------------------------------------
// Surabaya, base year 2003
// ---------------------------------------------------------------------------

const SURABAYA_SOURCES = [
  { id: 'source-document', citation: 'Kitakyushu Initiative for a Clean Environment / JBIC survey summary on Surabaya and Chongqing (2002-2003): low pick-up rates at TPS far from the disposal site, waste accumulating at TPS, no cost accounting, a new disposal site needed within a little under a year, about half kitchen waste, scavengers, 30% of collection outsourced. As summarised in ../shared/DATA.md.' },
  { id: 'silas2002', citation: 'Silas, J. (2002). Waste management problems in Surabaya: an integrated sustainable approach. Kitakyushu Initiative paper. Two-tier system (producers to depot, city from depot to disposal); fee about US$0.60/month for low-income/social users, twice for middle-class housing; effective population about 3.5 M on about 320 km2.' },
  { id: 'iges2011', citation: 'IGES (2011). Surabaya solid waste case material: TPA Keputih closed 2001 after residents\' protests; TPA Benowo about 35 km from the centre, about 37 ha, 1,300-1,500 t/day; about 800 scavengers at Benowo. As cited in ../shared/DATA.md.' },
  { id: 'iges-ccet2017', citation: 'IGES Centre Collaborating with UNEP on Environmental Technologies (CCET) (2017). Planning and implementation of integrated solid waste management strategies at local level: the case of Surabaya City. Generation peaked at about 2,000 t/day around 2001-2003.' },
  { id: 'biocycle2010', citation: 'BioCycle (2010), article on Surabaya community composting: generation about 1,700-2,000 t/day in the early 2000s. As cited in ../shared/DATA.md.' },
  { id: 'kita-iges-composting', citation: 'KITA/IGES composting replication study (Surabaya), slide on 2002 waste composition: organic about 55%, street sweepings about 13%, wood/bamboo about 10%, paper about 8%, plastic about 8%, other about 8% (values read from a slide). As cited in ../shared/DATA.md.' },
  { id: 'iges2009', citation: 'IGES (2009). Policy brief on Takakura home composting in Surabaya: household baskets cut household waste by more than 20%.' },
  { id: 'dlh2026', citation: 'Dinas Lingkungan Hidup (DLH) Kota Surabaya, statements of January 2026: about 1,800 t/day; 27 composting houses with about 95 t/day capacity, saving about Rp 6.73 bn/yr in transport and Rp 7.36 bn/yr in landfill processing. As cited in ../shared/DATA.md.' },
  { id: 'press-tps2025', citation: 'Press reports (2025): about 190 transfer points (TPS) in Surabaya, 191 including TPS-3R. As cited in ../shared/DATA.md.' },
  { id: 'press-benowo', citation: 'Press reports on TPA Benowo: PPP operator since 2012, tipping fee Rp 130,000/t (2012 contract) and Rp 198,000/t (2020); about 38 ha and about 1,500 t/day in 2015. As cited in ../shared/DATA.md and data/NOTES.md.' },
  { id: 'press-scavengers', citation: 'Recent press on Indonesian landfill scavengers: gross income about Rp 80,000-100,000 per day, about half kept after the collector ("bos"); first-sale prices at Bantar Gebang (2023): plastic about Rp 400/kg, bottles about Rp 700/kg. As cited in ../shared/DATA.md.' },
  { id: 'bps-census2010', citation: 'BPS, Population Census 2000 (about 2.60 M) and 2010 (2,765,487) for Kota Surabaya (2010 value via Wikipedia). As cited in ../shared/data/NOTES.md.' },
  { id: 'shared-data-notes', citation: 'WastePlan shared district table ../shared/data/surabaya-kecamatan.csv with ../shared/data/NOTES.md: 31 kecamatan, regions, 2003 populations (E: 2010-census shares x interpolated 2003 total), areas, centroids, road km to TPA Benowo (great-circle x 1.3).' },
  { id: 'tchobanoglous1993', citation: 'Tchobanoglous, G., Theisen, H., Vigil, S. (1993). Integrated Solid Waste Management: Engineering Principles and Management Issues. McGraw-Hill. Ch. 8 (hauled container system, speed-class constants, typical pick-up, unload and at-site times) and ch. 10.' },
  { id: 'giz-cwg2011', citation: 'GIZ / CWG (2011). The Economics of the Informal Sector in Solid Waste Management. (Structure of the informal-sector model: headcount, productivity, prices, middlemen.)' },
  { id: 'engineering-estimate', citation: 'Engineering estimate made for the WastePlan demo data set (see docs/data-sources.md for how each estimate was made). Editable like any other value.' },
];

interface SbyRow {
  id: string;
  name: string;
  region: string;
  population: number;
  roadKm: number;
  lat: number;
  lon: number;
}

/** Kecamatan that grew fastest 2000-2010 (data/NOTES.md lists them as overstated by the 2010 shares). */
const SBY_FRINGE = new Set(['Benowo', 'Pakal', 'Sambikerep', 'Lakarsantri', 'Gunung Anyar', 'Sukolilo', 'Mulyorejo']);
const SBY_GROWTH_BY_REGION: Record<string, number> = {
  'Surabaya Pusat': 0.0,
  'Surabaya Utara': 0.004,
  'Surabaya Timur': 0.008,
  'Surabaya Selatan': 0.006,
  'Surabaya Barat': 0.01,
};
const SBY_COVERAGE_BY_REGION: Record<string, number> = {
  'Surabaya Pusat': 0.9,
  'Surabaya Utara': 0.85,
  'Surabaya Timur': 0.85,
  'Surabaya Selatan': 0.85,
  'Surabaya Barat': 0.8,
};
const SBY_KG_PER_CAP_DAY = 0.64; // households incl. small shops; bulk sources added separately
const SBY_PERSONS_PER_HOUSEHOLD = 4.0;
const SBY_TPS_TOTAL = 190;
const SBY_VEHICLES_PER_TPS = 0.75; // 3 trucks per 4 TPS, regardless of distance (the source document's problem)
const SBY_FAR_KM = 40; // round trip to Benowo beyond which a TPS counts as "far" (east and south)
const SBY_CONTAINERS_PER_TPS = 3;
const SBY_CONTAINER_M3 = 8;
const SBY_LOOSE_DENSITY = 0.35;
const SBY_GROUND_STORAGE_T = 4;
const SBY_COMPOST_LEG_KM = 8; // round trip TPS -> nearest compost house (E)
const SBY_COMPOST_TPS_BASELINE = ['tps-tegalsari-1', 'tps-wonokromo-1', 'tps-rungkut-1'];
/** Benowo remaining airspace (m3), calibrated so the baseline fills it in a little under a year. */
const SBY_BENOWO_AIRSPACE_M3 = 720000;
/** Markets (pasar) by kecamatan: Keputran, Wonokromo, Pabean, Pasar Turi, Genteng, Tambahrejo (weights E). */
const SBY_MARKETS: Record<string, number> = {
  Tegalsari: 0.25,
  Wonokromo: 0.2,
  'Pabean Cantian': 0.2,
  Bubutan: 0.15,
  Genteng: 0.1,
  Simokerto: 0.1,
};
const SBY_MARKETS_T_PER_DAY = 110;
const SBY_SWEEPING_T_PER_DAY = 70;
/** A hypothetical south-east site for the new-disposal-site scenario (E: no site was chosen in the source). */
const SBY_NEW_SITE = { lat: -7.36, lon: 112.78 };

/** Rainy season Nov-Apr raises wet-weight generation; day-weighted mean is exactly 1 (E). */
const SBY_SEASONAL = [1.081, 1.084, 1.051, 1.023, 0.981, 0.953, 0.931, 0.921, 0.934, 0.961, 1.024, 1.062];

const SBY_VEHICLE: TripVehicle & Record<string, unknown> = {
  system: 'hauled',
  volumeM3: SBY_CONTAINER_M3,
  compactionRatio: 1,
  looseDensityTPerM3: SBY_LOOSE_DENSITY,
  fillFactor: 1,
  legalPayloadT: 6,
  pickupHours: 0.2,
  unloadHours: 0.1,
  betweenStopsHours: 0,
  atSiteHours: 0.2,
  speedClassKmh: '40',
  workdayHours: 8,
  offRouteFactor: 0.15,
  garageToFirstHours: 0.25,
  lastToGarageHours: 0.25,
};

function buildSurabaya(): CityFileInput {
  const csv = readCsv(resolve(sharedData, 'surabaya-kecamatan.csv'));
  const rows: SbyRow[] = csv.map((r) => ({
    id: slug(r.kecamatan),
    name: r.kecamatan,
    region: r.region,
    population: Number(r.population),
    roadKm: Number(r.road_km_to_benowo_est),
    lat: Number(r.lat),
    lon: Number(r.lon),
  }));
  if (rows.length !== 31) throw new Error(`expected 31 kecamatan, found ${rows.length}`);

  const growthOf = (r: SbyRow) => (SBY_FRINGE.has(r.name) ? 0.02 : SBY_GROWTH_BY_REGION[r.region]);
  const coverageOf = (r: SbyRow) => (SBY_FRINGE.has(r.name) ? 0.7 : SBY_COVERAGE_BY_REGION[r.region]);

  // TPS per kecamatan in proportion to collected tonnage (households + markets), at least 2 each.
  const weight = rows.map((r) => (r.population * SBY_KG_PER_CAP_DAY * coverageOf(r)) / 1000 + (SBY_MARKETS[r.name] ?? 0) * SBY_MARKETS_T_PER_DAY * 0.95);
  const wsum = weight.reduce((a, b) => a + b, 0);
  const raw = weight.map((w) => (SBY_TPS_TOTAL * w) / wsum);
  const counts = raw.map((x) => Math.max(2, Math.floor(x)));
  let left = SBY_TPS_TOTAL - counts.reduce((a, b) => a + b, 0);
  const order = raw
    .map((x, i) => ({ i, rem: x - Math.floor(x) }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length) {
    counts[order[k].i]++;
    left--;
  }

  // Transfer points.
  interface Tps {
    id: string;
    name: string;
    zoneId: string;
    benowoKm: number;
    newSiteKm: number;
    /** Estimated delivered tonnage, t/day in the base year (for sizing the scenario fleets only). */
    inflowTPerDay: number;
  }
  const tpsByZone = new Map<string, Tps[]>();
  const allTps: Tps[] = [];
  rows.forEach((r, k) => {
    const list: Tps[] = [];
    const newSiteRoad = haversineKm(r.lat, r.lon, SBY_NEW_SITE.lat, SBY_NEW_SITE.lon) * ROAD_FACTOR;
    for (let i = 0; i < counts[k]; i++) {
      const f = spreadFactor(i, 0.85, 1.15);
      const t: Tps = {
        id: `tps-${r.id}-${i + 1}`,
        name: `TPS ${r.name} ${i + 1}`,
        zoneId: r.id,
        benowoKm: round(2 * r.roadKm * f, 1),
        newSiteKm: round(2 * newSiteRoad * f, 1),
        inflowTPerDay:
          (r.population * SBY_KG_PER_CAP_DAY * coverageOf(r)) / 1000 / counts[k] +
          ((SBY_MARKETS[r.name] ?? 0) * SBY_MARKETS_T_PER_DAY * 0.95) / counts[k] +
          (SBY_SWEEPING_T_PER_DAY * 0.9) / SBY_TPS_TOTAL,
      };
      list.push(t);
      allTps.push(t);
    }
    tpsByZone.set(r.id, list);
  });
  const farTps = allTps.filter((t) => t.benowoKm > SBY_FAR_KM);
  /** Trucks a far TPS needs to clear the rainy-season peak, rounded up to a tenth (scenario "more-haul-far-tps"). */
  const peak = Math.max(...SBY_SEASONAL);
  const vehiclesByNeed = (t: Tps): number => {
    const tm = tripModel(SBY_VEHICLE, t.benowoKm, 1);
    return Math.max(SBY_VEHICLES_PER_TPS, Math.ceil((t.inflowTPerDay * peak) / (tm.tripsPerDay * tm.payloadT) * 10 - 1e-9) / 10);
  };

  const storageLimitT = round(SBY_CONTAINERS_PER_TPS * SBY_CONTAINER_M3 * SBY_LOOSE_DENSITY + SBY_GROUND_STORAGE_T, 1);
  const legsBaseline = (t: Tps) =>
    SBY_COMPOST_TPS_BASELINE.includes(t.id)
      ? [
          { siteId: 'compost-houses', roundTripKm: SBY_COMPOST_LEG_KM },
          { siteId: 'benowo', roundTripKm: t.benowoKm },
        ]
      : [{ siteId: 'benowo', roundTripKm: t.benowoKm }];

  const tpsProv: ProvMap = {
    legs: E('2 x kecamatan road km to Benowo x spread 0.85-1.15'),
    vehicles: E('even allocation, 3 trucks per 4 TPS, not by need'),
    containers: E(),
    storageLimitT: E('3 x 8 m3 x 0.35 t/m3 + 4 t on the ground'),
    capital: E('pad, walls, 3 containers'),
    omPerYear: E(),
    zoneId: S('shared-data-notes'),
  };
  const transferPoints = allTps.map((t) => ({
    id: t.id,
    name: t.name,
    kind: 'tps' as const,
    zoneId: t.zoneId,
    containers: SBY_CONTAINERS_PER_TPS,
    containerVolumeM3: SBY_CONTAINER_M3,
    storageLimitT,
    vehicleTypeId: 'arm-roll-8m3',
    vehicles: SBY_VEHICLES_PER_TPS,
    shiftsPerDay: 1,
    pickupLocationsPerTrip: 1,
    legs: legsBaseline(t),
    capital: { unitCost: '45000000', lifeYears: 10, salvage: '0' },
    omPerYear: '9000000',
    provenance: tpsProv,
  }));

  // Fractions (city composition, 2002 slide; glass and metal split out of "other").
  const fractions = [
    { id: 'kitchen', name: 'Kitchen / food waste', share: 0.54, recyclable: false, compostable: true },
    { id: 'garden', name: 'Garden waste and street sweepings', share: 0.12, recyclable: false, compostable: true },
    { id: 'wood', name: 'Wood and bamboo', share: 0.09, recyclable: false, compostable: false },
    { id: 'paper', name: 'Paper and cardboard', share: 0.08, recyclable: true, compostable: false },
    { id: 'plastic', name: 'Plastics', share: 0.08, recyclable: true, compostable: false },
    { id: 'glass', name: 'Glass', share: 0.02, recyclable: true, compostable: false },
    { id: 'metal', name: 'Metals', share: 0.02, recyclable: true, compostable: false },
    { id: 'other', name: 'Other (textiles, rubber, inert)', share: 0.05, recyclable: false, compostable: false },
  ];

  // Household zones.
  const zones: Array<Record<string, unknown>> = rows.map((r) => {
    const tps = tpsByZone.get(r.id)!;
    const shares = splitShares(tps.map(() => 1));
    return {
      id: r.id,
      name: r.name,
      region: r.region,
      kind: 'household',
      population: r.population,
      populationGrowth: growthOf(r),
      households: Math.round(r.population / SBY_PERSONS_PER_HOUSEHOLD),
      generationKgPerCapDay: SBY_KG_PER_CAP_DAY,
      generationGrowth: 0.01,
      coverage: coverageOf(r),
      routing: tps.map((t, i) => ({ transferPointId: t.id, share: shares[i] })),
      primarySystemId: 'rt-rw-handcarts',
      provenance: {
        population: E('2010-census share x interpolated 2003 city total of about 2.65 M (data/NOTES.md)', 'shared-data-notes'),
        region: S('shared-data-notes'),
        populationGrowth: E(
          SBY_FRINGE.has(r.name)
            ? 'fast-growing fringe kecamatan: 2%/yr (city 2000-2010 about 0.6%/yr, bps-census2010)'
            : 'by region, 0-1%/yr around the city-wide 0.6%/yr of 2000-2010 (bps-census2010)',
        ),
        households: E('population / 4.0 persons per household'),
        generationKgPerCapDay: E('0.64 kg/cap/day from households and small shops; with markets and sweeping the city makes about 1,880 t/day (0.71 kg/cap/day), within the 1,700-2,000 t/day of iges-ccet2017 and biocycle2010'),
        generationGrowth: E('1%/yr'),
        coverage: E(SBY_FRINGE.has(r.name) ? 'fringe kecamatan with partial RT/RW service: 0.70' : 'by region: 0.90 centre, 0.85 north/east/south, 0.80 west'),
        routing: E('equal shares over the kecamatan\'s TPS'),
      },
    };
  });
  // Bulk sources: markets, street sweeping.
  const marketTps: Array<{ id: string; w: number }> = [];
  for (const r of rows) {
    const w = SBY_MARKETS[r.name];
    if (!w) continue;
    const list = tpsByZone.get(r.id)!;
    for (const t of list) marketTps.push({ id: t.id, w: w / list.length });
  }
  const marketShares = splitShares(marketTps.map((m) => m.w));
  zones.push({
    id: 'markets',
    name: 'Traditional markets (pasar)',
    kind: 'bulk',
    bulkTonnesPerDay: SBY_MARKETS_T_PER_DAY,
    generationGrowth: 0.01,
    coverage: 0.95,
    composition: { kitchen: 0.72, garden: 0.1, wood: 0.04, paper: 0.05, plastic: 0.06, glass: 0.005, metal: 0.005, other: 0.02 },
    routing: marketTps.map((m, i) => ({ transferPointId: m.id, share: marketShares[i] })),
    provenance: {
      bulkTonnesPerDay: E('about 6% of city generation from the large markets (Keputran, Wonokromo, Pabean, Pasar Turi, Genteng, Tambahrejo)'),
      generationGrowth: E(),
      coverage: E('markets are served by the city directly: 0.95'),
      composition: E('market waste is mostly vegetable and fruit waste'),
      routing: E('to the TPS of the kecamatan with the large markets, weights by market size'),
    },
  });
  const sweepShares = splitShares(allTps.map(() => 1));
  zones.push({
    id: 'street-sweeping',
    name: 'Street sweeping and drain cleaning',
    kind: 'bulk',
    bulkTonnesPerDay: SBY_SWEEPING_T_PER_DAY,
    generationGrowth: 0.01,
    coverage: 0.9,
    composition: { kitchen: 0.05, garden: 0.55, wood: 0.05, paper: 0.05, plastic: 0.08, glass: 0.01, metal: 0.01, other: 0.2 },
    routing: allTps.map((t, i) => ({ transferPointId: t.id, share: sweepShares[i] })),
    provenance: {
      bulkTonnesPerDay: E('street sweepings are about 13% of the 2002 composition (kita-iges-composting); most of that arrives mixed with household waste, about 70 t/day is swept separately'),
      generationGrowth: E(),
      coverage: E(),
      composition: E('mostly leaves and soil'),
      routing: E('sweepers tip at the nearest TPS: equal shares over all TPS'),
    },
  });

  // Scenario helpers.
  const householdZoneIds = rows.map((r) => r.id);
  const compostScenarioTps = allTps;

  const city: CityFileInput = {
    fileVersion: 1,
    city: {
      id: 'surabaya',
      name: 'Surabaya',
      country: 'Indonesia',
      description:
        'Surabaya, East Java, around 2003: 31 kecamatan, about 2.65 M residents, about 1,880 t/day. Handcarts run by neighbourhood associations (RT/RW) bring waste to about 190 transfer points (TPS); arm-roll trucks haul containers to TPA Benowo on the western edge (TPA Keputih in the east closed in 2001). Far TPS in the east and south get too few truck trips, so waste piles up; Benowo is nearly full. Demo data set: see docs/data-sources.md for the status and source of every value.',
    },
    settings: {
      currency: 'IDR',
      minorUnit: 0,
      baseYear: 2003,
      horizonYears: 20,
      discountRate: 0.1,
      costMethod: 'capitalRecovery',
      overheadBasis: 'tonnes',
      collectionDaysPerWeek: 7,
      seasonalFactors: SBY_SEASONAL,
      incomeThresholdPerDay: '22000',
      landfillFallbackOrder: ['benowo'],
      haulOutsourcedShare: 0.3,
      haulContractPricePerT: '40000',
      withoutSiteCostPerT: '50000',
      payerShares: { primaryCollection: { households: 1 } },
      provenance: {
        currency: S('source-document'),
        minorUnit: S('source-document', 'the rupiah is booked in whole rupiah'),
        baseYear: S('source-document', 'the JBIC/Kitakyushu survey period'),
        horizonYears: E('20-year planning horizon'),
        discountRate: E('10%/yr real; Bank Indonesia rates were higher in 2003 (nominal)'),
        costMethod: E(),
        overheadBasis: E(),
        collectionDaysPerWeek: E('TPS are hauled every day'),
        seasonalFactors: E('rainy season Nov-Apr raises wet-weight generation by up to about 8%; dry season May-Oct lower; day-weighted mean exactly 1'),
        incomeThresholdPerDay: E('Surabaya city minimum wage (UMK) 2003 assumed about Rp 550,000/month / 25 working days = Rp 22,000/day; not read in a source: check the East Java governor\'s decree for 2003'),
        landfillFallbackOrder: S('iges2011', 'Benowo is the only open landfill; Keputih closed 2001 and is not a fallback'),
        haulOutsourcedShare: S('source-document', '30% of collection outsourced to private companies'),
        haulContractPricePerT: E('about the own-fleet cost per tonne hauled (capital, crew, fuel, maintenance), 2003 prices'),
        withoutSiteCostPerT: E('emergency dumping and clean-up once Benowo is full: about 40% of the 2012 tipping fee, 2003 prices; no source'),
        payerShares: S('silas2002', 'producers to depot is the producers\' responsibility: RT/RW associations run the handcarts, paid by households'),
      },
    },
    fractions,
    zones: zones as CityFileInput['zones'],
    primarySystems: [
      {
        id: 'rt-rw-handcarts',
        name: 'RT/RW handcarts (gerobak)',
        householdsPerCartPerDay: 150,
        collectionsPerWeek: 6,
        crewPerCart: 1,
        wagePerDay: '15000',
        workingDaysPerYear: 310,
        cart: { unitCost: '1000000', lifeYears: 3, salvage: '0' },
        maintenanceShareOfCapital: 0.1,
        fuelPerCartDay: '0',
        provenance: {
          householdsPerCartPerDay: E('a 1-1.5 m3 handcart makes 2-3 loads a day, about 150 households'),
          collectionsPerWeek: E(),
          crewPerCart: E(),
          wagePerDay: E('cart pushers are paid by the neighbourhood association, below the city minimum wage'),
          workingDaysPerYear: E(),
          cart: E('steel handcart about Rp 1 M, 3 years'),
          maintenanceShareOfCapital: E(),
          fuelPerCartDay: E('pushed by hand'),
        },
      },
    ],
    vehicleTypes: [
      {
        id: 'arm-roll-8m3',
        name: 'Arm-roll (hook-lift) truck, 8 m3 containers',
        ...SBY_VEHICLE,
        crewPerVehicle: 2,
        wagePerDay: '20000',
        workingDaysPerYear: 360,
        capital: { unitCost: '300000000', lifeYears: 8, salvage: '0' },
        maintenanceShareOfCapital: 0.1,
        fuelLitresPerKm: 0.3,
        fuelPricePerLitre: '1650',
        provenance: {
          system: E('hauled container system, exchange mode (DATA.md: arm-roll trucks with 6-10 m3 containers)'),
          volumeM3: E('8 m3 containers (DATA.md: 6-10 m3)'),
          looseDensityTPerM3: E('loose density of wet tropical waste in containers'),
          fillFactor: E(),
          legalPayloadT: E('6 t on a medium truck chassis; the container volume limits the payload to 2.8 t'),
          pickupHours: E('pc: hook-lift picks up the loaded container, about 12 min (pc + uc = 0.3 h, between the hoist-truck and tilt-frame values of Tchobanoglous)', 'tchobanoglous1993'),
          unloadHours: E('uc: set down the empty container, about 6 min', 'tchobanoglous1993'),
          betweenStopsHours: E('dbc: none in exchange mode (the truck drives from the site to the next TPS with the empty container)', 'tchobanoglous1993'),
          atSiteHours: E('s: tipping and waiting at Benowo, a little above the Tchobanoglous typical 0.133 h', 'tchobanoglous1993'),
          speedClassKmh: E('congested city roads: 40 km/h class (a = 0.050 h, b = 0.025 h/km)', 'tchobanoglous1993'),
          workdayHours: E('one 8-hour shift'),
          offRouteFactor: E('Tchobanoglous default 0.15', 'tchobanoglous1993'),
          garageToFirstHours: E(),
          lastToGarageHours: E(),
          crewPerVehicle: E('driver and one loader'),
          wagePerDay: E('about the city minimum wage'),
          workingDaysPerYear: E(),
          capital: E('arm-roll truck with hook-lift about Rp 250-350 M in 2003; 8 years'),
          maintenanceShareOfCapital: E('10% of capital per year'),
          fuelLitresPerKm: E('about 3.3 km/l loaded and empty'),
          fuelPricePerLitre: E('diesel (solar) about Rp 1,650/l in 2003, before the 2005 price rises'),
        },
      },
    ],
    transferPoints: transferPoints as CityFileInput['transferPoints'],
    facilities: [
      {
        id: 'compost-houses',
        name: 'Compost houses (rumah kompos)',
        kind: 'composting',
        capacityTPerDay: 10,
        operatingDaysPerYear: 360,
        capture: { kitchen: 0.4, garden: 0.5 },
        composting: { rejectShare: 0.15, moistureIn: 0.7, volatileSolids: 0.75, vsDegraded: 0.5, moistureOut: 0.35, shareSold: 0.5, pricePerT: '250000' },
        residueLandfillId: 'benowo',
        capital: { unitCost: '200000000', lifeYears: 10, salvage: '0' },
        omPerT: '60000',
        omPerYear: '0',
        provenance: {
          capacityTPerDay: E('a few pilot compost houses in 2003 (27 houses with about 95 t/day by 2026, dlh2026)'),
          operatingDaysPerYear: E(),
          capture: E('hand sorting of mixed TPS waste at the compost house takes about 40% of kitchen and 50% of garden waste'),
          composting: E('MODEL.md defaults; half the compost sold at about Rp 250/kg'),
          capital: E('about Rp 100 M per 5 t/day open-windrow compost house'),
          omPerT: E('labour and turning, about Rp 60,000/t'),
        },
      },
    ],
    landfills: [
      {
        id: 'benowo',
        name: 'TPA Benowo',
        remainingAirspaceM3: SBY_BENOWO_AIRSPACE_M3,
        densityTPerM3: 0.7,
        cover: { method: 'share', value: 0.15 },
        usedBeforeBaseT: 600000,
        closure: { totalEstimate: '25000000000', postClosureYears: 30 },
        tippingFeePerT: '130000',
        omPerT: '0',
        omPerYear: '0',
        provenance: {
          remainingAirspaceM3: E('calibrated so the baseline fills Benowo in a little under a year, as the source document says a new site must be built within a little under a year'),
          densityTPerM3: E('controlled dump with some compaction: 0.7 t/m3 (DATA.md: 0.71-0.95 compacted, lower for dumps)'),
          cover: E('cover soil 15% of airspace (MODEL.md default)'),
          usedBeforeBaseT: E('Benowo took the city\'s waste from October 2001 (Keputih closure): about 1.25 years x 480,000 t/yr'),
          closure: E('closure cap and 30 years of post-closure care for about 26 ha'),
          tippingFeePerT: E('Rp 130,000/t is the 2012 PPP contract (press-benowo); in 2003 the city ran the site itself, so applying it to 2003 is an estimate of the full disposal cost', 'press-benowo'),
          omPerT: E('included in the tipping fee'),
        },
      },
    ],
    scavengerGroups: [
      {
        id: 'itinerant-buyers',
        name: 'Itinerant buyers (tukang rongsok at the door)',
        location: 'source',
        siteIds: [],
        headcount: 1500,
        workingDaysPerYear: 300,
        maxKgPerPickerDay: 50,
        captureEfficiency: 0.1,
        pricePerKg: { paper: '450', plastic: '700', glass: '200', metal: '2500' },
        middlemanShare: 0.5,
        provenance: {
          headcount: E(),
          workingDaysPerYear: E(),
          maxKgPerPickerDay: E(),
          captureEfficiency: E('they buy the cleanest recyclables from about one household in ten'),
          pricePerKg: E('price at the junk shop; bottles about Rp 700/kg (press-scavengers, 2023) applied to 2003'),
          middlemanShare: E('about half of the sale price is paid to the household for the material'),
        },
      },
      {
        id: 'tps-scavengers',
        name: 'TPS scavengers',
        location: 'transferPoint',
        siteIds: [],
        headcount: 600,
        workingDaysPerYear: 300,
        maxKgPerPickerDay: 40,
        captureEfficiency: 0.25,
        pricePerKg: { paper: '300', plastic: '450', glass: '150', metal: '1500' },
        middlemanShare: 0.4,
        provenance: {
          headcount: E('about 3 scavengers per TPS'),
          workingDaysPerYear: E(),
          maxKgPerPickerDay: E(),
          captureEfficiency: E(),
          pricePerKg: E('first-sale prices a little above the landfill because the material is cleaner'),
          middlemanShare: E(),
        },
      },
      {
        id: 'benowo-scavengers',
        name: 'Benowo scavengers',
        location: 'landfill',
        siteIds: ['benowo'],
        headcount: 800,
        workingDaysPerYear: 300,
        maxKgPerPickerDay: 60,
        captureEfficiency: 0.5,
        pricePerKg: { paper: '300', plastic: '400', glass: '150', metal: '1500' },
        middlemanShare: 0.5,
        provenance: {
          headcount: S('iges2011', 'about 800 scavengers at Benowo'),
          workingDaysPerYear: E(),
          maxKgPerPickerDay: E('today about Rp 80,000-100,000/day gross per scavenger (press-scavengers); scaled to 2003 prices (CPI about x3.5) that is about Rp 25,000/day gross, i.e. about 60 kg/day at about Rp 450/kg; by 2003 minimum-wage standards they stay below the threshold'),
          captureEfficiency: E(),
          pricePerKg: E('plastic Rp 400/kg is the Bantar Gebang 2023 figure (press-scavengers) applied to 2003; paper, glass and metal estimated'),
          middlemanShare: S('press-scavengers', 'about half kept after the collector (bos)'),
        },
      },
    ],
    integration: [],
    industrialStreams: [],
    costLines: [
      {
        id: 'dkp-administration',
        description: 'Dinas Kebersihan dan Pertamanan: administration, offices, billing',
        stage: 'administration',
        category: 'overhead',
        amountPerYear: '6000000000',
        provenance: { amountPerYear: E('about 10% of the direct cost of the city-run stages') },
      },
      {
        id: 'keputih-post-closure',
        description: 'TPA Keputih (closed 2001): post-closure care, leachate and gas control',
        stage: 'finalDisposal',
        category: 'backEnd',
        amountPerYear: '1200000000',
        fromYear: 2003,
        toYear: 2022,
        provenance: { amountPerYear: E('Keputih closed 2001 (iges2011) without an accrued closure fund; care is paid from the budget each year') },
      },
    ],
    fees: [
      {
        id: 'retribusi-kebersihan',
        name: 'Cleansing retribution (retribusi kebersihan) to the city',
        payer: 'households',
        stage: 'secondaryHaul',
        basis: 'perHouseholdMonth',
        amount: '5000',
        collectionRate: 0.6,
        provenance: {
          amount: S('silas2002', 'about US$0.60/month for low-income users (twice for middle-class housing) for the city\'s depot-to-disposal service; converted at about Rp 8,500/US$ (E) and rounded'),
          collectionRate: E('many low-income households do not pay'),
        },
      },
      {
        id: 'rt-rw-cart-fee',
        name: 'RT/RW handcart fee (to the neighbourhood association)',
        payer: 'households',
        stage: 'primaryCollection',
        basis: 'perHouseholdMonth',
        amount: '3000',
        collectionRate: 0.85,
        provenance: {
          amount: E('sized to pay the cart pushers and carts; collected by the RT/RW together with other neighbourhood dues'),
          collectionRate: E(),
        },
      },
      {
        id: 'commercial-retribution',
        name: 'Markets, shops, offices and hotels: cleansing retribution',
        payer: 'businesses',
        stage: 'secondaryHaul',
        basis: 'perYear',
        amount: '5000000000',
        collectionRate: 0.8,
        provenance: {
          amount: E('commercial tariffs are much higher (silas2002: more than US$20/month for five-star hotels); total about Rp 5 bn/yr'),
          collectionRate: E(),
        },
      },
    ],
    scenarios: [
      {
        id: 'composting-programme',
        name: 'Composting programme for kitchen waste',
        assumptions:
          'From 2003 compost houses are set up next to the TPS across the city (150 t/day in total, open windrows, Rp 3 bn, about 8 km round trip from any TPS); they sort out half the kitchen and 60% of the garden waste of what each TPS hauls, shared pro rata when oversubscribed, and the rest goes on to Benowo. From 2005 Takakura baskets divert 20% of household kitchen waste at source (iges2009: more than 20% in participating households). Compost sells at about Rp 250/kg for half the product.',
        changes: [
          { op: 'set', fromYear: 2003, path: 'facilities/compost-houses/capacityTPerDay', value: 150, note: 'DLH 2026: 27 houses, about 95 t/day; this programme goes further' },
          { op: 'set', fromYear: 2003, path: 'facilities/compost-houses/capital', value: { unitCost: '3000000000', lifeYears: 10, salvage: '0' } },
          { op: 'set', fromYear: 2003, path: 'facilities/compost-houses/capture', value: { kitchen: 0.5, garden: 0.6 } },
          ...compostScenarioTps.map((t) => ({
            op: 'set' as const,
            fromYear: 2003,
            path: `transferPoints/${t.id}/legs`,
            value: [
              { siteId: 'compost-houses', roundTripKm: SBY_COMPOST_LEG_KM },
              { siteId: 'benowo', roundTripKm: t.benowoKm },
            ],
          })),
          ...householdZoneIds.map((zid) => ({
            op: 'set' as const,
            fromYear: 2005,
            path: `zones/${zid}/sourceDiversion`,
            value: { kitchen: 0.2 },
            note: 'Takakura home composting baskets',
          })),
        ],
      },
      {
        id: 'new-disposal-site',
        name: 'New sanitary landfill in the south-east',
        assumptions:
          'A new sanitary landfill (hypothetical site near the south-eastern city border, 12 M m3, Rp 90 bn) opens in October 2003, before Benowo fills, and becomes the fallback when Benowo is full. From 2004 the TPS more than 40 km (round trip) from Benowo haul to the new site instead, and the Benowo scavengers may work at both sites. Distances to the new site are great-circle x 1.3 from the kecamatan centroids, with the same spread as to Benowo.',
        changes: [
          {
            op: 'add',
            fromYear: 2003,
            collection: 'landfills',
            item: {
              id: 'new-site',
              name: 'New sanitary landfill (south-east, hypothetical)',
              remainingAirspaceM3: 12000000,
              densityTPerM3: 0.8,
              cover: { method: 'share', value: 0.15 },
              openYear: 2003,
              openMonth: 10,
              capital: { unitCost: '90000000000', lifeYears: 20, salvage: '0' },
              closure: { totalEstimate: '60000000000', postClosureYears: 30 },
              tippingFeePerT: '0',
              omPerT: '45000',
              provenance: {
                remainingAirspaceM3: E('about 40 ha x 30 m'),
                densityTPerM3: E('compacted sanitary cells'),
                openYear: E('built within a little under a year (source-document)'),
                capital: E('land, liner, leachate treatment, roads: about Rp 90 bn'),
                closure: E(),
                omPerT: E('city-operated sanitary landfill, about Rp 45,000/t'),
              },
            },
          },
          { op: 'set', fromYear: 2003, path: 'settings/landfillFallbackOrder', value: ['benowo', 'new-site'] },
          ...farTps.filter((t) => t.newSiteKm < t.benowoKm).map((t) => ({
            op: 'set' as const,
            fromYear: 2004,
            path: `transferPoints/${t.id}/legs`,
            value: [
              ...(SBY_COMPOST_TPS_BASELINE.includes(t.id) ? [{ siteId: 'compost-houses', roundTripKm: SBY_COMPOST_LEG_KM }] : []),
              { siteId: 'new-site', roundTripKm: t.newSiteKm },
            ],
          })),
          { op: 'set', fromYear: 2004, path: 'scavengerGroups/benowo-scavengers/siteIds', value: ['benowo', 'new-site'], note: 'scavengers follow the waste' },
        ],
      },
      {
        id: 'more-haul-far-tps',
        name: 'More trucks for the far TPS',
        assumptions: `From 2004 the ${farTps.length} TPS more than ${SBY_FAR_KM} km (round trip) from Benowo get trucks by need: enough trips to clear the rainy-season peak (about ${Math.round(farTps.reduce((a, t) => a + vehiclesByNeed(t) - SBY_VEHICLES_PER_TPS, 0))} more arm-roll trucks in all, each with a crew of two), instead of the even ${SBY_VEHICLES_PER_TPS} truck per TPS.`,
        changes: farTps.map((t) => ({ op: 'set' as const, fromYear: 2004, path: `transferPoints/${t.id}/vehicles`, value: vehiclesByNeed(t) })),
      },
      {
        id: 'integrate-scavengers',
        name: 'Integrate Benowo scavengers into formal jobs',
        assumptions:
          'From 2004 the city hires 200 of the Benowo scavengers as sorters at TPS and compost houses at Rp 25,000/day (a little above the assumed 2003 minimum wage), 300 days a year; the remaining scavengers keep working at the tip face.',
        changes: [
          {
            op: 'add',
            fromYear: 2004,
            collection: 'integration',
            item: {
              id: 'benowo-scavengers-hired',
              name: 'Former Benowo scavengers hired as sorters',
              groupId: 'benowo-scavengers',
              hired: 200,
              wagePerDay: '25000',
              daysPerYear: 300,
              stage: 'formalRecovery',
              provenance: { hired: E(), wagePerDay: E('just above the assumed UMK of Rp 22,000/day'), daysPerYear: E() },
            },
          },
        ],
      },
      {
        id: 'fee-reform',
        name: 'Fee reform to recover cost',
        assumptions:
          'From 2005 the cleansing retribution rises to Rp 10,000 per household-month and collection improves to 80% (billing with the water bill); commercial retribution doubles. Tests the source document\'s call for cost accounting with a clear cost distribution.',
        changes: [
          { op: 'set', fromYear: 2005, path: 'fees/retribusi-kebersihan/amount', value: '10000' },
          { op: 'set', fromYear: 2005, path: 'fees/retribusi-kebersihan/collectionRate', value: 0.8 },
          { op: 'set', fromYear: 2005, path: 'fees/commercial-retribution/amount', value: '10000000000' },
        ],
      },
    ],
    sources: SURABAYA_SOURCES,
  };
  return city;
}

// ---------------------------------------------------------------------------
// Chongqing, base year 2002
// ---------------------------------------------------------------------------

const CHONGQING_SOURCES = [
  { id: 'source-document', citation: 'Kitakyushu Initiative / JBIC survey summary (2002): household waste rising with population and lifestyle; industrial solid waste (coal slag, iron and steel slag, coal ash) a problem; proposals: comprehensive solid waste treatment system, reduction and recycling model with public participation, special environmental business area, better environmental governance. As summarised in ../shared/DATA.md.' },
  { id: 'hui2006', citation: 'Yuan Hui, Wang Li\'ao, Su Fenwei, Hu Gang (2006). Urban solid waste management in Chongqing: Challenges and opportunities. Waste Management 26(9), 1052-1062. doi:10.1016/j.wasman.2005.09.005. MSW about 1.08 kg/cap/day; food waste about 59%; moisture 64.1%; LHV 3,728 kJ/kg.' },
  { id: 'cq-intro', citation: 'An Introduction to Solid Wastes Management in Chongqing Municipality: about 31 M people, 82,000 km2, 40 districts and counties; main urban area about 5.3 M; industrial solid waste (coal slag, iron and steel slag, coal ash) under the polluter-pays principle. As cited in ../shared/DATA.md.' },
  { id: 'ichongqing', citation: 'ichongqing.info: Chongqing\'s urban core produced about 3,100 t/day in 2001, nearly twice its disposal capacity then. As cited in ../shared/data/NOTES.md.' },
  { id: 'worldbank2008', citation: 'World Bank (2008). Chongqing Urban Environment Project, completion report: Changshengqiao sanitary landfill, design 1,500 t/day, 14 M m3. As cited in ../shared/DATA.md.' },
  { id: 'economic-daily', citation: 'Economic Daily (reprint): Changshengqiao landfill construction from September 2001, first waste at the end of July 2003, closed at the end of 2016. As cited in ../shared/data/NOTES.md.' },
  { id: 'chinaorg2005', citation: 'China.org.cn (2005): Tongxing waste incineration power plant, BOT 25 years, 1,200 t/day, about 80 GWh/yr, capital 450 M CNY, gate fee 69.9 CNY/t. As cited in ../shared/DATA.md.' },
  { id: 'census2000', citation: 'Fifth national population census (2000), district resident populations via citypopulation.de, chinacensus.org (Yubei) and de.wikipedia (Shapingba). As cited in ../shared/data/NOTES.md.' },
  { id: 'cq-stats-2010', citation: 'Chongqing Statistics Bureau, 2010 census table 1-6: Yuzhong 630,090. As cited in ../shared/data/NOTES.md.' },
  { id: 'press2025', citation: 'Press (2025): household waste in Chongqing no longer landfilled; incineration only (Baiguoyuan 4,500 t/day). As cited in ../shared/DATA.md.' },
  { id: 'shared-data-notes', citation: 'WastePlan shared district table ../shared/data/chongqing-main-urban-districts.csv with ../shared/data/NOTES.md: 9 main urban districts, populations, areas, urban-core points, road km to Changshengqiao (great-circle x 1.3).' },
  { id: 'tchobanoglous1993', citation: 'Tchobanoglous, G., Theisen, H., Vigil, S. (1993). Integrated Solid Waste Management. McGraw-Hill. Ch. 8 (stationary container system) and ch. 10 (transfer station break-even).' },
  { id: 'engineering-estimate', citation: 'Engineering estimate made for the WastePlan demo data set (see docs/data-sources.md for how each estimate was made). Editable like any other value.' },
];

/** Urban share of each district's census population x coverage of the urban part (E). */
const CQ_COVERAGE: Record<string, number> = {
  Yuzhong: 0.95,
  Dadukou: 0.65,
  Jiangbei: 0.65,
  Shapingba: 0.6,
  Jiulongpo: 0.6,
  "Nan'an": 0.55,
  Beibei: 0.35,
  Yubei: 0.3,
  Banan: 0.3,
};
const CQ_GROWTH: Record<string, number> = {
  Yuzhong: 0.0,
  Dadukou: 0.015,
  Jiangbei: 0.025,
  Shapingba: 0.02,
  Jiulongpo: 0.02,
  "Nan'an": 0.02,
  Beibei: 0.015,
  Yubei: 0.035,
  Banan: 0.015,
};
const CQ_STATIONS: Record<string, number> = {
  Yuzhong: 1,
  Dadukou: 1,
  Jiangbei: 2,
  Shapingba: 2,
  Jiulongpo: 2,
  "Nan'an": 1,
  Beibei: 1,
  Yubei: 2,
  Banan: 1,
};
/** Tongxing WtE plant, Beibei (approximate, E). */
const CQ_TONGXING = { lat: 29.69, lon: 106.47 };
/** Recycling centres of the reduction-recycling scenario: close to the core (round trip, E). */
const CQ_RECYCLING_KM = 12;
const CQ_EXISTING_DUMPS_AIRSPACE_M3 = 4250000;

const CQ_VEHICLE: TripVehicle & Record<string, unknown> = {
  system: 'stationary',
  volumeM3: 14,
  compactionRatio: 2,
  looseDensityTPerM3: 0.35,
  fillFactor: 0.85,
  containerVolumeM3: 1.1,
  legalPayloadT: 8,
  pickupHours: 0.05,
  unloadHours: 0,
  betweenStopsHours: 0.05,
  atSiteHours: 0.2,
  speedClassKmh: '40',
  workdayHours: 8,
  offRouteFactor: 0.15,
  garageToFirstHours: 0.25,
  lastToGarageHours: 0.25,
};
const CQ_PICKUP_LOCATIONS = 8;
const CQ_SHIFTS = 2;

function buildChongqing(): CityFileInput {
  const csv = readCsv(resolve(sharedData, 'chongqing-main-urban-districts.csv'));
  const rows = csv.map((r) => ({
    id: slug(r.district),
    name: r.district,
    population: Number(r.population),
    populationYear: Number(r.population_year),
    populationStatus: r.population_status as Status,
    roadKm: Number(r.road_km_to_changshengqiao_est),
    lat: Number(r.lat),
    lon: Number(r.lon),
  }));
  if (rows.length !== 9) throw new Error(`expected 9 districts, found ${rows.length}`);

  const G = 1.08; // kg/cap/day, hui2006
  const fractions = [
    { id: 'food', name: 'Food waste', share: 0.59, recyclable: false, compostable: true },
    { id: 'garden', name: 'Garden waste and wood', share: 0.04, recyclable: false, compostable: true },
    { id: 'paper', name: 'Paper and cardboard', share: 0.08, recyclable: true, compostable: false },
    { id: 'plastic', name: 'Plastics', share: 0.1, recyclable: true, compostable: false },
    { id: 'glass', name: 'Glass', share: 0.02, recyclable: true, compostable: false },
    { id: 'metal', name: 'Metals', share: 0.01, recyclable: true, compostable: false },
    { id: 'textile', name: 'Textiles', share: 0.03, recyclable: true, compostable: false },
    { id: 'other', name: 'Ash, soil and other', share: 0.13, recyclable: false, compostable: false },
  ];

  interface Station {
    id: string;
    name: string;
    zoneId: string;
    cslKm: number;
    tongxingKm: number;
    inflowTPerDay: number;
  }
  const stations: Station[] = [];
  const stationsByZone = new Map<string, Station[]>();
  for (const r of rows) {
    const n = CQ_STATIONS[r.name];
    const collected = (r.population * G * CQ_COVERAGE[r.name]) / 1000;
    const txRoad = haversineKm(r.lat, r.lon, CQ_TONGXING.lat, CQ_TONGXING.lon) * ROAD_FACTOR;
    const list: Station[] = [];
    for (let i = 0; i < n; i++) {
      const f = n === 1 ? 1 : i === 0 ? 0.9 : 1.1;
      const st: Station = {
        id: `ts-${r.id}-${i + 1}`,
        name: `${r.name} transfer station${n > 1 ? ` ${i + 1}` : ''}`,
        zoneId: r.id,
        cslKm: round(2 * r.roadKm * f, 1),
        tongxingKm: round(Math.max(6, 2 * txRoad * f), 1),
        inflowTPerDay: collected / n,
      };
      list.push(st);
      stations.push(st);
    }
    stationsByZone.set(r.id, list);
  }

  // Fleets sized by need with a 15% margin (rounded up to half a truck): haul is not Chongqing's problem.
  const vehiclesFor = (st: Station): number => {
    const tm = tripModel(CQ_VEHICLE, st.cslKm, CQ_PICKUP_LOCATIONS);
    const perVehicle = tm.tripsPerDay * tm.payloadT * CQ_SHIFTS;
    return Math.ceil(((st.inflowTPerDay * 1.15) / perVehicle) * 2) / 2;
  };

  const stationProv: ProvMap = {
    legs: E('roundTripKm = 2 x road_km_to_changshengqiao_est (great-circle x 1.3; real hill routes may be 1.4-1.8x the straight line, data/NOTES.md); x0.9 / x1.1 for the two stations of a district'),
    vehicles: E('sized to the station\'s inflow with a 15% margin (rounded up to half a truck), two shifts'),
    shiftsPerDay: E('two shifts (early morning and afternoon)'),
    pickupLocationsPerTrip: E('about 8 bin points of 3-4 bins per trip'),
    storageLimitT: E('enclosed station with a tipping floor'),
    capital: E('small compacting transfer station about 6 M CNY, 20 years'),
    omPerYear: E(),
    station: E('hourly costs from the compactor (capital, crew, fuel, maintenance) and a 20 t transfer trailer; 30 km/h average'),
  };
  const transferPoints = stations.map((st) => ({
    id: st.id,
    name: st.name,
    kind: 'station' as const,
    zoneId: st.zoneId,
    containers: 0,
    containerVolumeM3: 0,
    storageLimitT: 150,
    vehicleTypeId: 'compactor-14m3',
    vehicles: vehiclesFor(st),
    shiftsPerDay: CQ_SHIFTS,
    pickupLocationsPerTrip: CQ_PICKUP_LOCATIONS,
    legs: [{ siteId: 'changshengqiao', roundTripKm: st.cslKm }],
    capital: { unitCost: '6000000.00', lifeYears: 20, salvage: '0' },
    omPerYear: '400000.00',
    station: {
      collectionVehicleHourlyCost: '75.00',
      collectionPayloadT: 8,
      transferVehicleHourlyCost: '120.00',
      transferPayloadT: 20,
      averageSpeedKmh: 30,
    },
    provenance: stationProv,
  }));

  const zones = rows.map((r) => {
    const list = stationsByZone.get(r.id)!;
    const shares = splitShares(list.map(() => 1));
    const popProv =
      r.populationStatus === 'S-later'
        ? SL('cq-stats-2010', `${r.populationYear} census value used for 2002 (the 2000 value was not found)`)
        : S('census2000', '2000 census resident population (whole district, rural parts included)');
    return {
      id: r.id,
      name: r.name,
      region: 'Main urban area',
      kind: 'household' as const,
      population: r.population,
      populationGrowth: CQ_GROWTH[r.name],
      households: Math.round(r.population / 3.0),
      generationKgPerCapDay: G,
      generationGrowth: 0.02,
      coverage: CQ_COVERAGE[r.name],
      routing: list.map((st, i) => ({ transferPointId: st.id, share: shares[i] })),
      primarySystemId: 'tricycles',
      provenance: {
        population: popProv,
        populationGrowth: E('urbanisation of the main districts, 0-3.5%/yr'),
        households: E('population / 3.0 persons per household'),
        generationKgPerCapDay: S('hui2006', 'about 1.08 kg/cap/day'),
        generationGrowth: E('2%/yr with rising incomes (source-document: waste rises with changing lifestyles)'),
        coverage: E('urban share of the census population x about 0.95 coverage of the urban part; the collected total of about 3,500 t/day matches the 3,100 t/day of 2001 (ichongqing) grown to 2002'),
        routing: E('equal shares over the district\'s stations'),
      },
    };
  });

  const tongxingLegs = new Set(['beibei', 'shapingba', 'jiangbei', 'yubei', 'jiulongpo', 'dadukou']);
  const recyclingLegs = new Set(['yuzhong', 'nan-an', 'jiangbei', 'jiulongpo', 'shapingba']);

  const city: CityFileInput = {
    fileVersion: 1,
    city: {
      id: 'chongqing',
      name: 'Chongqing (main urban area)',
      country: 'China',
      description:
        'Chongqing\'s nine main urban districts around 2002: about 6.1 M census residents (rural parts of Banan, Yubei and Beibei included), about 3,500 t/day collected. Sanitation workers bring waste to bin points; compactor trucks empty the bins and haul to the old dumps, which are nearly full, until the World Bank financed Changshengqiao sanitary landfill opens in August 2003. Industrial solid waste (coal slag, iron and steel slag, coal ash) is a separate problem. Demo data set: see docs/data-sources.md for the status and source of every value.',
    },
    settings: {
      currency: 'CNY',
      minorUnit: 2,
      baseYear: 2002,
      horizonYears: 20,
      discountRate: 0.08,
      costMethod: 'capitalRecovery',
      overheadBasis: 'tonnes',
      collectionDaysPerWeek: 7,
      incomeThresholdPerDay: '15.40',
      landfillFallbackOrder: ['changshengqiao', 'existing-dumps'],
      haulOutsourcedShare: 0,
      haulContractPricePerT: '0',
      payerShares: {},
      provenance: {
        currency: S('source-document'),
        minorUnit: S('source-document', 'fen'),
        baseYear: S('source-document', 'the 2002 JBIC survey'),
        horizonYears: E(),
        discountRate: E('8%/yr'),
        costMethod: E(),
        overheadBasis: E(),
        collectionDaysPerWeek: E(),
        incomeThresholdPerDay: E('Chongqing urban minimum wage around 2002 assumed about 400 CNY/month / 26 days = 15.40 CNY/day; not read in a source'),
        landfillFallbackOrder: E('a 2002 engineer routes to Changshengqiao and falls back on the existing dumps until it opens (August 2003) or when it is full'),
        haulOutsourcedShare: E('haul run by the district sanitation bureaus'),
        payerShares: E('city budget pays every stage; households pay a fee'),
      },
    },
    fractions,
    zones,
    primarySystems: [
      {
        id: 'tricycles',
        name: 'Sanitation workers with tricycles',
        householdsPerCartPerDay: 200,
        collectionsPerWeek: 7,
        crewPerCart: 1,
        wagePerDay: '20.00',
        workingDaysPerYear: 330,
        cart: { unitCost: '600.00', lifeYears: 3, salvage: '0' },
        maintenanceShareOfCapital: 0.1,
        fuelPerCartDay: '0',
        provenance: {
          householdsPerCartPerDay: E('stairs and alleys of a hill city: about 200 households a day to the bin points'),
          collectionsPerWeek: E('daily'),
          crewPerCart: E(),
          wagePerDay: E('about 520 CNY/month'),
          workingDaysPerYear: E(),
          cart: E('pedal tricycle about 600 CNY, 3 years'),
          maintenanceShareOfCapital: E(),
        },
      },
    ],
    vehicleTypes: [
      {
        id: 'compactor-14m3',
        name: 'Rear-loading compactor truck, 14 m3',
        ...CQ_VEHICLE,
        crewPerVehicle: 2,
        wagePerDay: '30.00',
        workingDaysPerYear: 350,
        capital: { unitCost: '350000.00', lifeYears: 8, salvage: '0' },
        maintenanceShareOfCapital: 0.1,
        fuelLitresPerKm: 0.35,
        fuelPricePerLitre: '2.80',
        provenance: {
          system: E('stationary container system: compactor empties 1.1 m3 bins at bin points'),
          volumeM3: E('14 m3 body'),
          compactionRatio: E('2.0 (Tchobanoglous: 2-2.5 for rear loaders)', 'tchobanoglous1993'),
          looseDensityTPerM3: E('wet, food-rich waste (hui2006: 64% moisture)'),
          fillFactor: E('bins about 85% full', 'tchobanoglous1993'),
          containerVolumeM3: E('1.1 m3 wheeled bins'),
          legalPayloadT: E('8 t on a 16 t chassis'),
          pickupHours: E('uc: 0.05 h per mechanically emptied bin', 'tchobanoglous1993'),
          betweenStopsHours: E('dbc between bin points', 'tchobanoglous1993'),
          atSiteHours: E('s at the landfill', 'tchobanoglous1993'),
          speedClassKmh: E('hilly, congested roads: 40 km/h class', 'tchobanoglous1993'),
          workdayHours: E(),
          offRouteFactor: E('Tchobanoglous default 0.15', 'tchobanoglous1993'),
          garageToFirstHours: E(),
          lastToGarageHours: E(),
          crewPerVehicle: E(),
          wagePerDay: E(),
          workingDaysPerYear: E(),
          capital: E('domestic 14 m3 compactor about 350,000 CNY in 2002, 8 years'),
          maintenanceShareOfCapital: E(),
          fuelLitresPerKm: E(),
          fuelPricePerLitre: E('diesel about 2.8 CNY/l in 2002'),
        },
      },
    ],
    transferPoints,
    facilities: [],
    landfills: [
      {
        id: 'existing-dumps',
        name: 'Existing dumps (pre-2003 urban dumpsites, combined)',
        remainingAirspaceM3: CQ_EXISTING_DUMPS_AIRSPACE_M3,
        densityTPerM3: 0.55,
        cover: { method: 'share', value: 0.15 },
        usedBeforeBaseT: 0,
        closureYear: 2003,
        closure: { totalEstimate: '30000000.00', postClosureYears: 30 },
        tippingFeePerT: '0',
        omPerT: '6.00',
        omPerYear: '0',
        provenance: {
          remainingAirspaceM3: E('the old dumps were at about twice their capacity in 2001 (ichongqing); airspace sized to last, just, until Changshengqiao opens'),
          densityTPerM3: E('uncompacted dump: 0.55 t/m3'),
          cover: E(),
          closureYear: E('closed to city waste at the end of 2003, once Changshengqiao runs'),
          closure: E('capping and remediation of the old dumps'),
          omPerT: E('spreading only'),
        },
      },
      {
        id: 'changshengqiao',
        name: 'Changshengqiao sanitary landfill',
        remainingAirspaceM3: 14000000,
        densityTPerM3: 0.8,
        cover: { method: 'share', value: 0.15 },
        usedBeforeBaseT: 0,
        openYear: 2003,
        openMonth: 8,
        closure: { totalEstimate: '60000000.00', postClosureYears: 30 },
        tippingFeePerT: '0',
        omPerT: '25.00',
        omPerYear: '0',
        capital: { unitCost: '290000000.00', lifeYears: 15, salvage: '0' },
        provenance: {
          remainingAirspaceM3: S('worldbank2008', '14 M m3 design volume'),
          densityTPerM3: E('compacted sanitary cells: 0.8 t/m3 (MODEL.md default)'),
          cover: E(),
          openYear: S('economic-daily', 'first waste at the end of July 2003'),
          openMonth: S('economic-daily', 'first waste at the end of July 2003: modelled from August'),
          closure: E(),
          omPerT: E('sanitary operation with leachate treatment, about 25 CNY/t'),
          capital: E('World Bank financed construction, about 290 M CNY (not read in a source), 15 years'),
        },
      },
    ],
    scavengerGroups: [
      {
        id: 'itinerant-buyers',
        name: 'Itinerant scrap buyers',
        location: 'source',
        siteIds: [],
        headcount: 6000,
        workingDaysPerYear: 330,
        maxKgPerPickerDay: 80,
        captureEfficiency: 0.3,
        pricePerKg: { paper: '0.60', plastic: '1.00', glass: '0.15', metal: '1.50', textile: '0.30' },
        middlemanShare: 0.5,
        provenance: {
          headcount: E(),
          workingDaysPerYear: E(),
          maxKgPerPickerDay: E(),
          captureEfficiency: E(),
          pricePerKg: E('2002 scrap prices at the recycling station'),
          middlemanShare: E('about half of the price is paid to the household for the material'),
        },
      },
      {
        id: 'landfill-scavengers',
        name: 'Landfill scavengers',
        location: 'landfill',
        siteIds: [],
        headcount: 300,
        workingDaysPerYear: 330,
        maxKgPerPickerDay: 80,
        captureEfficiency: 0.4,
        pricePerKg: { paper: '0.40', plastic: '0.80', glass: '0.10', metal: '1.20' },
        middlemanShare: 0.3,
        provenance: {
          headcount: E(),
          workingDaysPerYear: E(),
          maxKgPerPickerDay: E(),
          captureEfficiency: E(),
          pricePerKg: E(),
          middlemanShare: E(),
        },
      },
    ],
    integration: [],
    industrialStreams: [
      {
        id: 'coal-slag',
        name: 'Coal slag (boiler and furnace slag)',
        tonnesPerYear: 1200000,
        growth: 0.03,
        utilisationRate: 0.6,
        netRevenuePerTUtilised: '10.00',
        disposalCostPerT: '12.00',
        provenance: {
          name: S('cq-intro'),
          tonnesPerYear: E('main urban area, 2002'),
          growth: E(),
          utilisationRate: E('to cement, bricks and road base'),
          netRevenuePerTUtilised: E(),
          disposalCostPerT: E('polluter pays (cq-intro): paid by the industries'),
        },
      },
      {
        id: 'iron-steel-slag',
        name: 'Iron and steel slag',
        tonnesPerYear: 900000,
        growth: 0.02,
        utilisationRate: 0.5,
        netRevenuePerTUtilised: '20.00',
        disposalCostPerT: '15.00',
        provenance: {
          name: S('cq-intro'),
          tonnesPerYear: E('iron and steel works in Dadukou'),
          growth: E(),
          utilisationRate: E(),
          netRevenuePerTUtilised: E(),
          disposalCostPerT: E('polluter pays (cq-intro)'),
        },
      },
      {
        id: 'coal-ash',
        name: 'Coal ash (fly ash from power plants)',
        tonnesPerYear: 2000000,
        growth: 0.04,
        utilisationRate: 0.4,
        netRevenuePerTUtilised: '5.00',
        disposalCostPerT: '10.00',
        provenance: {
          name: S('cq-intro'),
          tonnesPerYear: E('coal-fired power plants serving the main urban area'),
          growth: E(),
          utilisationRate: E('to cement and bricks'),
          netRevenuePerTUtilised: E(),
          disposalCostPerT: E('ash ponds; polluter pays (cq-intro)'),
        },
      },
    ],
    costLines: [
      {
        id: 'sanitation-administration',
        description: 'City and district sanitation bureaus: administration',
        stage: 'administration',
        category: 'overhead',
        amountPerYear: '40000000.00',
        provenance: { amountPerYear: E('about 10% of direct cost') },
      },
    ],
    fees: [
      {
        id: 'household-refuse-fee',
        name: 'Household refuse collection fee',
        payer: 'households',
        stage: 'secondaryHaul',
        basis: 'perHouseholdMonth',
        amount: '4.00',
        collectionRate: 0.5,
        provenance: { amount: E(), collectionRate: E() },
      },
      {
        id: 'business-sanitation-fee',
        name: 'Businesses and institutions: sanitation fee',
        payer: 'businesses',
        stage: 'secondaryHaul',
        basis: 'perYear',
        amount: '60000000.00',
        collectionRate: 0.8,
        provenance: { amount: E(), collectionRate: E() },
      },
    ],
    scenarios: [
      {
        id: 'comprehensive-treatment',
        name: 'Comprehensive treatment system (Tongxing incinerator)',
        assumptions:
          'The Tongxing waste-to-energy plant (BOT, 25 years) opens in 2005: 1,200 t/day, 333 days a year, gate fee 69.90 CNY/t paid by the city, about 80 GWh/yr net (0.2 MWh/t). Its 450 M CNY capital is the BOT operator\'s and is recovered through the gate fee and electricity sales, so neither appears in the city\'s costs. Stations in Beibei, Shapingba, Jiangbei, Yubei, Jiulongpo and Dadukou send their waste there first; bottom ash (22%) goes to Changshengqiao; fly ash (3%) is treated by the operator within the gate fee.',
        changes: [
          {
            op: 'add',
            fromYear: 2005,
            collection: 'facilities',
            item: {
              id: 'tongxing',
              name: 'Tongxing waste-to-energy plant (BOT)',
              kind: 'incinerator',
              capacityTPerDay: 1200,
              operatingDaysPerYear: 333,
              openYear: 2005,
              capture: Object.fromEntries(fractions.map((f) => [f.id, 1])),
              incineration: { bottomAshShare: 0.22, flyAshShare: 0.03, netMWhPerT: 0.2, tariffPerMWh: '0', hazardousDisposalPerT: '0' },
              residueLandfillId: 'changshengqiao',
              omPerT: '0',
              omPerYear: '0',
              gateFeePerT: '69.90',
              provenance: {
                capacityTPerDay: S('chinaorg2005', '1,200 t/day'),
                operatingDaysPerYear: E('about 8,000 h/yr'),
                openYear: S('chinaorg2005'),
                incineration: E('netMWhPerT = 80 GWh/yr (chinaorg2005, S) / (1,200 t/day x 333 days) = 0.2 MWh/t; electricity revenue goes to the BOT operator, so the city tariff is 0; ash shares are MODEL.md defaults; fly ash treatment is the operator\'s and is covered by the gate fee (E)'),
                gateFeePerT: S('chinaorg2005', '69.9 CNY/t (2005)'),
                capital: S('chinaorg2005', '450 M CNY, borne by the BOT operator: not a city cost, recorded here only'),
              },
            },
          },
          ...stations
            .filter((st) => tongxingLegs.has(st.zoneId))
            .map((st) => ({
              op: 'set' as const,
              fromYear: 2005,
              path: `transferPoints/${st.id}/legs`,
              value: [
                { siteId: 'tongxing', roundTripKm: st.tongxingKm },
                { siteId: 'changshengqiao', roundTripKm: st.cslKm },
              ],
            })),
        ],
      },
      {
        id: 'reduction-recycling',
        name: 'Reduction and recycling with public participation',
        assumptions:
          'From 2004 residents separate part of their recyclables (15% of paper, 10% of plastic, 20% of metal, 10% of glass) and 5% of food waste is kept out of the bin, supported by a 5 M CNY/yr education and participation programme; community recycling centres (300 t/day) sort the mixed waste of the central stations and sell paper, plastic, metal and glass.',
        changes: [
          { op: 'set', fromYear: 2004, path: 'zones/*/sourceDiversion', value: { food: 0.05, paper: 0.15, plastic: 0.1, metal: 0.2, glass: 0.1 } },
          {
            op: 'add',
            fromYear: 2004,
            collection: 'facilities',
            item: {
              id: 'recycling-centres',
              name: 'Community recycling centres',
              kind: 'recovery',
              capacityTPerDay: 300,
              operatingDaysPerYear: 330,
              openYear: 2004,
              capture: { paper: 0.5, plastic: 0.5, glass: 0.5, metal: 0.7, textile: 0.2 },
              residueShare: 0.1,
              salePricePerT: { paper: '600.00', plastic: '1200.00', glass: '100.00', metal: '1500.00', textile: '200.00' },
              residueLandfillId: 'changshengqiao',
              capital: { unitCost: '15000000.00', lifeYears: 15, salvage: '0' },
              omPerT: '60.00',
              omPerYear: '0',
              provenance: { capacityTPerDay: E(), capture: E(), residueShare: E(), salePricePerT: E('2004 scrap prices'), capital: E(), omPerT: E() },
            },
          },
          ...stations
            .filter((st) => recyclingLegs.has(st.zoneId))
            .map((st) => ({
              op: 'set' as const,
              fromYear: 2004,
              path: `transferPoints/${st.id}/legs`,
              value: [
                { siteId: 'recycling-centres', roundTripKm: CQ_RECYCLING_KM },
                { siteId: 'changshengqiao', roundTripKm: st.cslKm },
              ],
            })),
          {
            op: 'add',
            fromYear: 2004,
            collection: 'costLines',
            item: {
              id: 'participation-programme',
              description: 'Environmental education and public participation programme',
              stage: 'administration',
              category: 'overhead',
              amountPerYear: '5000000.00',
              fromYear: 2004,
              provenance: { amountPerYear: E() },
            },
          },
        ],
      },
      {
        id: 'special-environmental-business-area',
        name: 'Special environmental business area (industrial by-products)',
        assumptions:
          'From 2005 a special environmental business area brings cement, brick and road-base makers next to the power plants and steelworks: utilisation rises to 85% for coal slag, 90% for iron and steel slag and 75% for coal ash, at the same net revenue per tonne.',
        changes: [
          { op: 'set', fromYear: 2005, path: 'industrialStreams/coal-slag/utilisationRate', value: 0.85 },
          { op: 'set', fromYear: 2005, path: 'industrialStreams/iron-steel-slag/utilisationRate', value: 0.9 },
          { op: 'set', fromYear: 2005, path: 'industrialStreams/coal-ash/utilisationRate', value: 0.75 },
        ],
      },
    ],
    sources: CHONGQING_SOURCES,
  };
  return city;
}

// ---------------------------------------------------------------------------
// Validate and write
// ---------------------------------------------------------------------------

function check(name: string, city: CityFileInput): string[] {
  const issues: string[] = [];
  const parsed = cityFileSchema.safeParse(city);
  if (!parsed.success) {
    for (const i of parsed.error.issues) issues.push(`${name}: ${i.path.join('.') || '(file)'}: ${i.message}`);
  }
  const sf = city.settings.seasonalFactors;
  if (sf) {
    const mean = seasonalMean(sf);
    if (Math.abs(mean - 1) > 1e-9) issues.push(`${name}: settings.seasonalFactors: day-weighted mean is ${mean}, not 1`);
  }
  const comp = city.fractions.reduce((a, f) => a + f.share, 0);
  if (Math.abs(comp - 1) > 1e-9) issues.push(`${name}: fractions sum to ${comp}`);
  return issues;
}

function main(): void {
  const cities: Array<[string, CityFileInput]> = [
    ['surabaya.city.json', buildSurabaya()],
    ['chongqing.city.json', buildChongqing()],
  ];
  const issues = cities.flatMap(([name, c]) => check(name, c));
  if (issues.length) {
    console.error(`build-demo-cities: ${issues.length} problem(s):`);
    for (const i of issues) console.error(`  - ${i}`);
    process.exit(1);
  }
  mkdirSync(examplesDir, { recursive: true });
  for (const [name, c] of cities) {
    const out = resolve(examplesDir, name);
    writeFileSync(out, JSON.stringify(c, null, 2) + '\n');
    console.log(`wrote ${out}`);
  }
}

main();
