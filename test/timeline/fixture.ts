/**
 * A dated chronicle for the timeline tests: 16 events in English from January 2024 to September 2025, one
 * per line (with the bundled article's 7, 23 events: three pages of 8).
 */
const EVENTS: [string, string][] = [
  ['January 8, 2024', 'the city council approved the new tramway line'],
  ['February 14, 2024', 'the first rails were delivered to the depot'],
  ['March 21, 2024', 'engineers began testing the overhead wires'],
  ['April 30, 2024', 'the mayor inaugurated the maintenance centre'],
  ['May 17, 2024', 'a strike stopped the works'],
  ['June 25, 2024', 'the tunnel under the river was completed'],
  ['July 12, 2024', 'the first tram left the depot'],
  ['August 29, 2024', 'test runs reached the harbour station'],
  ['September 16, 2024', 'the safety agency approved the signalling'],
  ['October 3, 2024', 'drivers started their training on the line'],
  ['November 19, 2024', 'the timetable was published'],
  ['December 2, 2024', 'the line opened to passengers'],
  ['January 20, 2025', 'ridership passed ten thousand a day'],
  ['March 11, 2025', 'the council voted to extend the line north'],
  ['June 4, 2025', 'works began on the northern extension'],
  ['September 23, 2025', 'the extension opened with three new stations'],
];

/** The chronicle as a corpus file (`tramway.md`). */
export const CHRONICLE = {
  'tramway.md': `---\nid: tramway-chronicle\ntitle: The tramway, a chronicle\npublished: 2025-10-01\nlanguage: en\n---\n${EVENTS.map(([d, t]) => `On ${d}, ${t}.`).join('\n')}\n`,
};

/** Number of dated events of the chronicle plus the bundled article. */
export const TOTAL_EVENTS = 23;
