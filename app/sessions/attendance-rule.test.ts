import { describe, expect, it } from 'vitest';
import { creditedMinutes, isPresent, minutesBySource, minutesRequired } from './attendance-rule';

const start = new Date('2027-02-04T21:30:00Z');
const window = { startsAt: start, minutes: 60 };
const at = (minute: number) => new Date(start.getTime() + minute * 60_000);
const segment = (from: number, to: number | null) => ({
  joinedAt: at(from),
  leftAt: to === null ? null : at(to),
});

describe('credited minutes', () => {
  it('counts overlapping segments once', () => {
    expect(creditedMinutes([segment(0, 40), segment(30, 50)], window)).toBe(50);
  });

  it('adds a rejoin after a dropped connection, without the gap', () => {
    expect(creditedMinutes([segment(0, 20), segment(25, 60)], window)).toBe(55);
  });

  it('ignores time before the start and after the scheduled end', () => {
    expect(creditedMinutes([segment(-15, 10), segment(50, 90)], window)).toBe(20);
    expect(creditedMinutes([segment(-30, -5), segment(61, 80)], window)).toBe(0);
  });

  it('counts a person in two tabs (or Zoom and the live room) as one person', () => {
    const zoomTab = segment(0, 45);
    const secondTab = segment(5, 45);
    const liveRoom = segment(10, 30);
    expect(creditedMinutes([zoomTab, secondTab, liveRoom], window)).toBe(45);
  });

  it('counts an open segment up to now, and no further than the end', () => {
    expect(creditedMinutes([segment(10, null)], window, at(30))).toBe(20);
    expect(creditedMinutes([segment(10, null)], window, at(120))).toBe(50);
  });

  it('credits nothing without segments and rounds partial minutes down', () => {
    expect(creditedMinutes([], window)).toBe(0);
    expect(
      creditedMinutes([{ joinedAt: at(0), leftAt: new Date(at(10).getTime() + 59_000) }], window),
    ).toBe(10);
  });
});

describe('presence', () => {
  it('needs 75% of the scheduled length by default, rounded up', () => {
    expect(minutesRequired(60, 75)).toBe(45);
    expect(minutesRequired(90, 75)).toBe(68);
    expect(isPresent(45, 60, 75)).toBe(true);
    expect(isPresent(44, 60, 75)).toBe(false);
  });

  it('follows the program’s own threshold', () => {
    expect(isPresent(30, 60, 50)).toBe(true);
    expect(isPresent(59, 60, 100)).toBe(false);
  });
});

describe('minutes by source', () => {
  const sourced = (source: 'zoom' | 'live-room' | 'manual', from: number, to: number) => ({
    ...segment(from, to),
    source,
  });

  it('says what each room gave while the total counts their overlap once', () => {
    const segments = [sourced('zoom', 0, 50), sourced('live-room', 40, 60)];
    expect(minutesBySource(segments, window)).toEqual({
      zoom: 50,
      liveRoom: 20,
      manual: 0,
      overlap: 10,
      outsideWindow: 0,
    });
    expect(creditedMinutes(segments, window)).toBe(60);
  });

  it('names the time spent before the start and after the end, which counts for nothing', () => {
    const segments = [sourced('live-room', -15, 30), sourced('zoom', 50, 75)];
    expect(minutesBySource(segments, window)).toEqual({
      zoom: 10,
      liveRoom: 30,
      manual: 0,
      overlap: 0,
      outsideWindow: 30,
    });
  });

  it('has nothing to say about nobody', () => {
    expect(minutesBySource([], window)).toEqual({
      zoom: 0,
      liveRoom: 0,
      manual: 0,
      overlap: 0,
      outsideWindow: 0,
    });
  });
});
