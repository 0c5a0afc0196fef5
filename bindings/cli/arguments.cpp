// Command-line parsing shared by every command.
#include <ctime>

#include "cli.hpp"

namespace escalate::cli {

std::optional<std::string> Arguments::value(const std::string& name) const {
    const auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
}

Arguments parse_arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
                          const std::set<std::string>& flags, const std::set<std::string>& repeatable) {
    Arguments parsed;
    bool options_ended = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (options_ended || arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
            if (!options_ended && arg.size() > 1 && arg[0] == '-' && arg != "-")
                throw UsageError("unknown option " + arg);
            parsed.positional.push_back(arg);
            continue;
        }
        if (arg == "--") {
            options_ended = true;
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inline_value;
        if (const auto equals = arg.find('='); equals != std::string::npos) {
            name = arg.substr(0, equals);
            inline_value = arg.substr(equals + 1);
        }
        if (repeatable.count(name)) {
            if (!inline_value && i + 1 >= args.size()) throw UsageError(name + " needs a value");
            parsed.repeated[name].push_back(inline_value ? *inline_value : args[++i]);
        } else if (valued.count(name)) {
            if (parsed.values.count(name)) throw UsageError(name + " given twice");
            if (inline_value) {
                parsed.values[name] = *inline_value;
            } else {
                if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
                parsed.values[name] = args[++i];
            }
        } else if (flags.count(name)) {
            if (inline_value) throw UsageError(name + " takes no value");
            parsed.flags.insert(name);
        } else {
            throw UsageError("unknown option " + name);
        }
    }
    return parsed;
}

esc_date parse_date_option(const std::string& text, const std::string& option) {
    esc_date date = ESC_NO_DATE;
    if (text == "today") {
        const std::time_t now = std::time(nullptr);
        std::tm local{};
        if (!localtime_r(&now, &local)) throw UsageError(option + " today: the local date is not available");
        date = esc_date_from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
        if (date != ESC_NO_DATE) return date;
    }
    if (esc_date_parse(text.c_str(), &date) != ESC_OK)
        throw UsageError(option + " " + text + " is not a real date in the form YYYY-MM-DD (or today)");
    return date;
}

}  // namespace escalate::cli
