// `escalate calendar check|import`: a calendar against the official list in the shape of
// GOV.UK's bank-holidays.json (docs/cli.md), and the one-off holidays given on the command line
// (`recalc --add-holiday`) applied to a temporary copy of the rulesets.
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.hpp"

namespace escalate::cli {

const char* const calendar_usage =
    "usage: escalate calendar check FILE.json [--calendar ID] [--division NAME]\n"
    "       escalate calendar import FILE.json --calendar ID [--division NAME]\n"
    "\n"
    "Keeps the calendars true to the official list. FILE.json has the shape of GOV.UK's\n"
    "https://www.gov.uk/bank-holidays.json: divisions (england-and-wales, scotland,\n"
    "northern-ireland), each with events {title, date, notes, bunting}.\n"
    "\n"
    "  check    compares every calendar whose id names a division in the file (or only --calendar\n"
    "           ID) with that division over the years the file lists, and lists every date on\n"
    "           which they differ: \"missing\" (in the list, not a holiday in the calendar) and\n"
    "           \"extra\" (a holiday in the calendar the list does not have). Exit status 0 when\n"
    "           they agree, 1 when any date differs.\n"
    "  import   writes, on standard output, the elements to paste among the calendar's one-off\n"
    "           and moved days, each citing FILE.json: a <moved> element where the list moves a\n"
    "           recurring holiday for one year (the calendar has a holiday of that name that\n"
    "           year on a date the list lacks, and the list's title is that name, or that name\n"
    "           and a note in brackets), and a <one-off> element for every other holiday of the\n"
    "           list the calendar lacks. A move from a substitute day cannot name the date the\n"
    "           rule gives, so it is reported on stderr, for an element written by hand.\n"
    "\n"
    "  --calendar ID     the calendar to compare (default: every one named like a division)\n"
    "  --division NAME   the file's division to compare it with (default: the calendar's id)\n";

namespace {

struct ListedHoliday {
    esc_date date = ESC_NO_DATE;
    std::string title;
    std::string notes;
};

using Divisions = std::map<std::string, std::vector<ListedHoliday>>;

/// Reads the file's divisions, saying what and where when it is not the expected shape.
Divisions read_list(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(file);
    } catch (const nlohmann::json::parse_error& error) {
        throw std::runtime_error(path + ": not JSON (" + error.what() + ")");
    }
    if (!document.is_object()) throw std::runtime_error(path + ": expected an object of divisions");
    Divisions divisions;
    for (const auto& [key, division] : document.items()) {
        const std::string where = path + ": division " + key;
        if (!division.is_object() || !division.contains("events") || !division["events"].is_array())
            throw std::runtime_error(where + " has no \"events\" array");
        std::vector<ListedHoliday>& events = divisions[key];
        std::size_t n = 0;
        for (const auto& event : division["events"]) {
            const std::string at = where + ", event " + std::to_string(n++);
            if (!event.is_object() || !event.contains("date") || !event["date"].is_string() ||
                !event.contains("title") || !event["title"].is_string())
                throw std::runtime_error(at + " needs a \"title\" and a \"date\" string");
            ListedHoliday holiday;
            const std::string date = event["date"];
            if (esc_date_parse(date.c_str(), &holiday.date) != ESC_OK)
                throw std::runtime_error(at + ": \"" + date + "\" is not a real date in the form YYYY-MM-DD");
            holiday.title = event["title"];
            if (event.contains("notes") && event["notes"].is_string()) holiday.notes = event["notes"];
            events.push_back(std::move(holiday));
        }
        std::sort(events.begin(), events.end(),
                  [](const ListedHoliday& a, const ListedHoliday& b) { return a.date < b.date; });
    }
    return divisions;
}

int year_of(esc_date date) {
    int year = 0, month = 0, day = 0;
    esc_date_to_ymd(date, &year, &month, &day);
    return year;
}

/// Every occurrence of from in text replaced by to.
std::string replaced(const std::string& text, const std::string& from, const std::string& to) {
    std::string out;
    std::size_t at = 0;
    for (std::size_t found; (found = text.find(from, at)) != std::string::npos; at = found + from.size())
        out.append(text, at, found - at).append(to);
    return out.append(text, at, std::string::npos);
}

/// "St Andrew’s Day" and "St Andrew's Day" name the same holiday; case does not matter.
std::string plain(std::string text) {
    text = replaced(replaced(text, "\xE2\x80\x99", "'"), "\xE2\x80\x98", "'");
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return text;
}

std::string xml_escaped(const std::string& text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

struct Difference {
    esc_date date = ESC_NO_DATE;
    bool missing = false;  // in the list, not in the calendar; else extra in the calendar
    std::string name;
    bool substitute = false;  // extra: the calendar's substitute day for a holiday on a weekend
};

/// Whether the list's title names the calendar's holiday: the same name, or the name and a
/// note in brackets (GOV.UK lists 2020's moved holiday as "Early May bank holiday (VE day)").
bool names_holiday(const std::string& list_title, const std::string& calendar_name) {
    const std::string title = plain(list_title), name = plain(calendar_name);
    return title == name || title.rfind(name + " (", 0) == 0;
}

struct Comparison {
    int first_year = 0, last_year = 0;
    std::size_t listed = 0, held = 0;
    std::vector<Difference> differences;
    std::vector<int> uncovered_years;
    std::map<esc_date, std::string> calendar_names;  // the calendar's holidays in those years
    std::set<esc_date> substitutes;                  // those of them that are substitute days
};

Comparison compare(const esc_calendar* calendar, const std::vector<ListedHoliday>& listed) {
    Comparison result;
    if (listed.empty()) return result;
    result.first_year = year_of(listed.front().date);
    result.last_year = year_of(listed.back().date);
    result.listed = listed.size();
    for (int year = result.first_year; year <= result.last_year; ++year) {
        size_t count = 0;
        if (esc_calendar_holidays(calendar, year, nullptr, 0, &count) != ESC_OK) {
            result.uncovered_years.push_back(year);
            continue;
        }
        std::vector<esc_holiday> holidays(count);
        check(esc_calendar_holidays(calendar, year, holidays.data(), holidays.size(), &count));
        for (const esc_holiday& holiday : holidays) {
            result.calendar_names[holiday.date] = holiday.name;
            if (holiday.substitute) result.substitutes.insert(holiday.date);
        }
    }
    result.held = result.calendar_names.size();
    std::map<esc_date, std::string> in_list;
    for (const ListedHoliday& holiday : listed) in_list[holiday.date] = holiday.title;
    for (const auto& [date, title] : in_list) {
        if (!result.calendar_names.count(date) &&
            std::find(result.uncovered_years.begin(), result.uncovered_years.end(), year_of(date)) ==
                result.uncovered_years.end())
            result.differences.push_back({date, true, title});
    }
    for (const auto& [date, name] : result.calendar_names) {
        if (!in_list.count(date)) result.differences.push_back({date, false, name, result.substitutes.count(date) > 0});
    }
    std::sort(result.differences.begin(), result.differences.end(),
              [](const Difference& a, const Difference& b) { return a.date < b.date; });
    return result;
}

/// The calendars to compare, each with the division it is compared with.
std::vector<std::pair<const esc_calendar*, std::string>> pairs_to_compare(const esc_engine* engine,
                                                                          const Arguments& arguments,
                                                                          const Divisions& divisions,
                                                                          const std::string& file) {
    std::vector<std::pair<const esc_calendar*, std::string>> pairs;
    const auto wanted = arguments.value("--calendar");
    const auto division = arguments.value("--division");
    if (division && !wanted) throw UsageError("--division needs --calendar ID");
    int32_t count = 0;
    check(esc_engine_calendar_count(engine, &count));
    for (int32_t i = 0; i < count; ++i) {
        const esc_calendar* calendar = nullptr;
        check(esc_engine_calendar_at(engine, i, &calendar));
        esc_calendar_info info{};
        info.size = sizeof info;
        check(esc_calendar_info_get(calendar, &info));
        const std::string id = info.id;
        if (wanted && *wanted != id) continue;
        const std::string name = division.value_or(id);
        if (!divisions.count(name)) {
            if (wanted) throw std::runtime_error(file + " has no division \"" + name + "\"");
            continue;
        }
        pairs.emplace_back(calendar, name);
    }
    if (wanted && pairs.empty()) throw std::runtime_error("the rulesets have no calendar \"" + *wanted + "\"");
    if (pairs.empty()) throw std::runtime_error("no calendar of the rulesets is named like a division of " + file);
    return pairs;
}

int run_check(const std::string& file, const Arguments& arguments) {
    const Divisions divisions = read_list(file);
    const EnginePtr engine = load_engine(arguments);
    bool differs = false;
    for (const auto& [calendar, division] : pairs_to_compare(engine.get(), arguments, divisions, file)) {
        esc_calendar_info info{};
        info.size = sizeof info;
        check(esc_calendar_info_get(calendar, &info));
        const Comparison result = compare(calendar, divisions.at(division));
        std::cout << info.id << " against " << file << " (" << division << "), " << result.first_year << " to "
                  << result.last_year << ": " << result.listed << " holidays listed, " << result.held
                  << " in the calendar: ";
        const std::size_t problems = result.differences.size() + result.uncovered_years.size();
        if (problems == 0) {
            std::cout << "the same\n";
            continue;
        }
        differs = true;
        std::cout << problems << (problems == 1 ? " difference\n" : " differences\n");
        for (const int year : result.uncovered_years)
            std::cout << "  uncovered  " << year << "  the calendar does not cover this year\n";
        for (const Difference& difference : result.differences) {
            std::cout << "  " << (difference.missing ? "missing    " : "extra      ") << iso_with_weekday(difference.date)
                      << "  " << difference.name
                      << (difference.missing ? "  (listed; not a holiday in the calendar)"
                                             : "  (a holiday in the calendar; not listed)")
                      << "\n";
        }
    }
    return differs ? exit_failure : exit_ok;
}

int run_import(const std::string& file, const Arguments& arguments) {
    if (!arguments.value("--calendar")) throw UsageError("import needs --calendar ID");
    const Divisions divisions = read_list(file);
    const EnginePtr engine = load_engine(arguments);
    const auto pairs = pairs_to_compare(engine.get(), arguments, divisions, file);
    const auto& [calendar, division_name] = pairs.front();
    const Comparison result = compare(calendar, divisions.at(division_name));
    const std::string& division = division_name;  // a lambda may not capture a structured binding in clang 14
    const auto cite = [&](const std::string& title) {
        return xml_escaped("bank holidays list " + file + " (division " + division + "): \"" + title +
                           "\"; cite the proclamation when known");
    };
    // The engine names a substitute day "NAME (substitute day)".
    const auto rule_name = [](const Difference& extra) {
        return extra.substitute ? extra.name.substr(0, extra.name.rfind(" (")) : extra.name;
    };
    std::ostringstream out;
    std::size_t one_offs = 0, moves = 0;
    for (const Difference& difference : result.differences) {
        if (!difference.missing) continue;
        // A recurring holiday moved for one year (2020's VE Day) shows as a missing date and an
        // extra one of the same name in that year: that is a <moved>, not a one-off.
        const auto moved_from = std::find_if(result.differences.begin(), result.differences.end(), [&](const Difference& other) {
            return !other.missing && year_of(other.date) == year_of(difference.date) &&
                   names_holiday(difference.name, rule_name(other));
        });
        if (moved_from != result.differences.end() && moved_from->substitute) {
            // <moved from> must be the date the rule gives, which a substitute day is not.
            std::cerr << "escalate calendar import: " << iso(difference.date) << " \"" << difference.name
                      << "\" looks like the calendar's " << iso(moved_from->date)
                      << " (a substitute day) moved; add <moved name=\"" << xml_escaped(rule_name(*moved_from))
                      << "\" from=\"(the date the rule gives)\" to=\"" << iso(difference.date)
                      << "\" source=\"...\"/> by hand, citing the proclamation\n";
            continue;
        }
        if (moved_from != result.differences.end()) {
            out << "  <moved name=\"" << xml_escaped(moved_from->name) << "\" from=\"" << iso(moved_from->date)
                << "\" to=\"" << iso(difference.date) << "\"\n"
                << "         source=\"" << cite(difference.name) << "\"/>\n";
            ++moves;
            continue;
        }
        out << "  <one-off name=\"" << xml_escaped(difference.name) << "\" date=\"" << iso(difference.date) << "\"\n"
            << "           source=\"" << cite(difference.name) << "\"/>\n";
        ++one_offs;
    }
    std::cout << "<!-- escalate calendar import: " << one_offs << (one_offs == 1 ? " one-off" : " one-offs") << " and "
              << moves << (moves == 1 ? " moved holiday" : " moved holidays") << " from " << xml_escaped(file)
              << " (division " << division << ", " << result.first_year << " to " << result.last_year
              << ") that the calendar lacks. Paste among the calendar's one-off and moved days in\n"
              << "     date order, then run `escalate calendar check` again. -->\n"
              << out.str();
    return exit_ok;
}

}  // namespace

int run_calendar(const std::vector<std::string>& args) {
    if (args.empty()) throw UsageError("calendar needs check or import");
    const std::string action = args.front();
    if (action != "check" && action != "import") throw UsageError("unknown calendar command " + action);
    const Arguments arguments = parse_arguments({args.begin() + 1, args.end()}, {"--calendar", "--division"}, {});
    if (arguments.positional.size() != 1) throw UsageError(action + " needs one FILE.json");
    return action == "check" ? run_check(arguments.positional[0], arguments)
                             : run_import(arguments.positional[0], arguments);
}

// ------------------------------------------------------------------------------------------
// --add-holiday

std::vector<AddedHoliday> parse_added_holidays(const std::vector<std::string>& values) {
    std::vector<AddedHoliday> holidays;
    for (const std::string& value : values) {
        const auto equals = value.find('=');
        if (equals == std::string::npos || equals + 1 == value.size())
            throw UsageError("--add-holiday " + value + " must be [CALENDAR:]DATE=NAME, e.g. 2026-06-15=World Cup");
        std::string date_text = value.substr(0, equals);
        AddedHoliday holiday;
        if (const auto colon = date_text.find(':'); colon != std::string::npos) {
            holiday.calendar = date_text.substr(0, colon);
            date_text = date_text.substr(colon + 1);
        }
        holiday.date = parse_date_option(date_text, "--add-holiday");
        holiday.name = value.substr(equals + 1);
        holidays.push_back(std::move(holiday));
    }
    return holidays;
}

namespace {

/// A directory removed with everything in it when the scope ends.
struct TemporaryDirectory {
    std::filesystem::path path;
    TemporaryDirectory() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/escalate-preview-XXXXXX";
        if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory: " + std::string(std::strerror(errno)));
        path = pattern;
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
};

std::string read_text(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace

EnginePtr load_engine_with_holidays(const std::vector<std::string>& paths, const std::vector<AddedHoliday>& holidays) {
    namespace fs = std::filesystem;
    if (holidays.empty()) return load_engine_from(paths);
    TemporaryDirectory copy;
    const fs::path root = copy.path / "rulesets";
    std::error_code error;
    fs::create_directory(root, error);
    // Each path copied under a folder of its own, so files of the same name cannot collide.
    for (std::size_t i = 0; i < paths.size() && !error; ++i) {
        const fs::path place = root / std::to_string(i);
        if (fs::is_directory(paths[i], error)) {
            fs::copy(paths[i], place, fs::copy_options::recursive, error);
        } else {
            fs::create_directory(place, error);
            if (!error) fs::copy_file(paths[i], place / fs::path(paths[i]).filename(), error);
        }
        if (error) throw std::runtime_error("cannot read " + paths[i] + ": " + error.message());
    }
    if (error) throw std::runtime_error("cannot make a temporary copy of the rulesets: " + error.message());
    std::string path;  // for messages: the paths as the user gave them
    for (const std::string& given : paths) path += (path.empty() ? "" : " + ") + given;

    std::vector<bool> used(holidays.size(), false);
    const std::regex calendar_id(R"re(<calendar\b[^>]*\bid\s*=\s*"([^"]*)")re");
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".xml") continue;
        std::string text = read_text(entry.path());
        std::smatch found;
        const auto close = text.rfind("</calendar>");
        if (!std::regex_search(text, found, calendar_id) || close == std::string::npos) continue;
        const std::string id = found[1];
        std::string added;
        for (std::size_t i = 0; i < holidays.size(); ++i) {
            if (!holidays[i].calendar.empty() && holidays[i].calendar != id) continue;
            used[i] = true;
            added += "  <one-off name=\"" + xml_escaped(holidays[i].name) + "\" date=\"" + iso(holidays[i].date) +
                     "\" source=\"escalate recalc --add-holiday (a preview, not a published holiday)\"/>\n";
        }
        text.insert(close, added);
        std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << text;
    }
    for (std::size_t i = 0; i < holidays.size(); ++i) {
        if (!used[i])
            throw UsageError("--add-holiday: the rulesets have no calendar \"" + holidays[i].calendar + "\"");
    }
    try {
        return load_engine_from(root.string());
    } catch (const CallError& failure) {
        // The copy's paths mean nothing to the user: say which option made the files fail.
        throw CallError(failure.status, "with --add-holiday: " + replaced(failure.what(), root.string(), "(copy of " + path + ")"));
    }
}

}  // namespace escalate::cli
