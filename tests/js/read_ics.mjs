// Read iCalendar files with ical.js, a second parser independent of Python's icalendar,
// and print what a calendar app would see, as JSON: for each file, its name, time zones
// and events, with every occurrence's start and end in UTC.
//
// Usage: node tests/js/read_ics.mjs FILE.ics [FILE.ics ...]
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const MAX_OCCURRENCES = 10;
const result = {};
for (const path of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const timezones = calendar.getAllSubcomponents("vtimezone");
  for (const timezone of timezones) {
    ICAL.TimezoneService.register(timezone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const occurrences = [];
    const iterator = event.iterator();
    let next;
    while ((next = iterator.next()) && occurrences.length < MAX_OCCURRENCES) {
      const details = event.getOccurrenceDetails(next);
      occurrences.push({
        start: details.startDate.toJSDate().toISOString(),
        end: details.endDate.toJSDate().toISOString(),
      });
    }
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      description: event.description,
      status: component.getFirstPropertyValue("status"),
      tzid: component.getFirstProperty("dtstart").getParameter("tzid"),
      zone: event.startDate.zone ? event.startDate.zone.tzid : null,
      local_start: event.startDate.toString(),
      occurrences,
    };
  });
  result[path] = {
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    version: calendar.getFirstPropertyValue("version"),
    timezones: timezones.map((timezone) => timezone.getFirstPropertyValue("tzid")),
    events,
  };
}
process.stdout.write(JSON.stringify(result));
