// MySQL / MariaDB errors: mapped from the server or client errno that mysql_soci_error carries.
#include "backends/mysql/mysql_backend.hpp"

#include <soci/mysql/soci-mysql.h>

namespace v5store::detail {

namespace {

ErrorCode map_errno(unsigned int code) {
  switch (code) {
    case 1062:  // ER_DUP_ENTRY
    case 1169:  // ER_DUP_UNIQUE
    case 1586:  // ER_DUP_ENTRY_WITH_KEY_NAME
      return ErrorCode::unique_violation;
    case 1216:  // ER_NO_REFERENCED_ROW
    case 1217:  // ER_ROW_IS_REFERENCED
    case 1451:  // ER_ROW_IS_REFERENCED_2
    case 1452:  // ER_NO_REFERENCED_ROW_2
      return ErrorCode::foreign_key_violation;
    case 1048:  // ER_BAD_NULL_ERROR
    case 1364:  // ER_NO_DEFAULT_FOR_FIELD (a NOT NULL column left out, strict mode)
      return ErrorCode::not_null_violation;
    case 4025:  // ER_CONSTRAINT_FAILED (MariaDB CHECK)
    case 3819:  // ER_CHECK_CONSTRAINT_VIOLATED (MySQL 8)
    case 1264:  // ER_WARN_DATA_OUT_OF_RANGE
    case 1406:  // ER_DATA_TOO_LONG
      return ErrorCode::check_violation;
    case 1213:  // ER_LOCK_DEADLOCK; on Galera also a certification conflict with a write
                // committed on another node (nothing of the transaction was committed)
      return ErrorCode::deadlock;
    case 1205:  // ER_LOCK_WAIT_TIMEOUT
    case 1020:  // ER_CHECKREAD: the record changed since it was read
      return ErrorCode::serialization_failure;
    case 1040:  // ER_CON_COUNT_ERROR
    case 1044:  // ER_DBACCESS_DENIED_ERROR
    case 1045:  // ER_ACCESS_DENIED_ERROR
    case 1049:  // ER_BAD_DB_ERROR
    case 1053:  // ER_SERVER_SHUTDOWN
    case 1047:  // ER_UNKNOWN_COM_ERROR: on Galera "WSREP has not yet prepared node for
                // application use" (the node left the cluster): the connection is dropped
    case 1927:  // ER_CONNECTION_KILLED (MariaDB)
    case 1153:  // ER_NET_PACKET_TOO_LARGE: a value over max_allowed_packet; the server closes
                // the connection after it, so the pool must not lend it again
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2005:  // CR_UNKNOWN_HOST
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2055:  // CR_SERVER_LOST_EXTENDED
      return ErrorCode::connection;
    case 1050:  // ER_TABLE_EXISTS_ERROR
    case 1054:  // ER_BAD_FIELD_ERROR
    case 1060:  // ER_DUP_FIELDNAME
    case 1091:  // ER_CANT_DROP_FIELD_OR_KEY
    case 1146:  // ER_NO_SUCH_TABLE
      return ErrorCode::schema;
    case 1265:  // WARN_DATA_TRUNCATED
    case 1292:  // ER_TRUNCATED_WRONG_VALUE
    case 1366:  // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
      return ErrorCode::validation;
    default:
      return ErrorCode::unknown;
  }
}

// The message with every value the server quotes replaced by '?': "Duplicate entry 'x'" and
// "Incorrect integer value: 'x'" quote the row's data; names are quoted after other words.
std::string scrub_values(const std::string& message) {
  std::string text = message;
  for (const std::string_view marker : {"entry '", "value: '", "value '"}) {
    std::string out;
    std::size_t from = 0;
    for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, from)) {
      const std::size_t begin = at + marker.size();
      // The value ends at the quote followed by " for" / " at" (the value may contain quotes).
      std::size_t end = text.find("' for ", begin);
      const std::size_t at_row = text.find("' at ", begin);
      if (end == std::string::npos || (at_row != std::string::npos && at_row < end)) end = at_row;
      if (end == std::string::npos) end = text.rfind('\'');
      if (end == std::string::npos || end < begin) break;
      out.append(text, from, begin - from);
      out += '?';
      from = end;
    }
    out.append(text, from, std::string::npos);
    text = std::move(out);
  }
  return text;
}

}  // namespace

MappedError MysqlBackend::map_error(const soci::soci_error& error) const {
  if (const auto* my = dynamic_cast<const soci::mysql_soci_error*>(&error)) {
    MappedError mapped{map_errno(my->err_num_), std::to_string(my->err_num_)};
    mapped.message = scrub_values(error.get_error_message());
    const std::string message = error.get_error_message();
    switch (my->err_num_) {
      case 1062:  // Duplicate entry '...' for key 'name' (MySQL 8: 'table.name')
      case 1586: {
        std::string key = message.substr(message.rfind(" for key ") == std::string::npos
                                             ? message.size()
                                             : message.rfind(" for key "));
        key = text_between(key, "for key", '\'', '\'');
        const std::size_t dot = key.rfind('.');
        mapped.constraint = dot == std::string::npos ? key : key.substr(dot + 1);
        break;
      }
      case 1048:  // Column 'name' cannot be null
      case 1364:  // Field 'name' doesn't have a default value
      case 1406:  // Data too long for column 'name' at row 1
      case 1264:  // Out of range value for column 'name' at row 1
        mapped.columns.push_back(text_between(message, "", '\'', '\''));
        break;
      case 1451:
      case 1452:  // ... CONSTRAINT `name` FOREIGN KEY (`col`) REFERENCES ...
        mapped.constraint = text_between(message, "CONSTRAINT", '`', '`');
        mapped.columns = split_names(text_between(message, "FOREIGN KEY", '(', ')'));
        break;
      case 4025:  // CONSTRAINT `table.column` failed for `db`.`table`
        mapped.constraint = text_between(message, "CONSTRAINT", '`', '`');
        break;
      default:
        break;
    }
    return mapped;
  }
  if (error.get_error_category() == soci::soci_error::connection_error) {
    return {ErrorCode::connection, {}};
  }
  return {ErrorCode::unknown, {}};
}

}  // namespace v5store::detail
