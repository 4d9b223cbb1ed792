/* ir.c — the names of the IR's enums (ir.h), for the dumps and the
 * package: one table each, so no back-end file needs the AST's. */
#include "ir.h"

const char *ir_cond_kind_name(IrCondKind k)
{
    static const char *const names[] = {
#define IR_COND_NAME(name, text) text,
        IR_COND_KINDS(IR_COND_NAME)
#undef IR_COND_NAME
    };
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

const char *ir_cmp_op_text(IrCmpOp op)
{
    static const char *const texts[] = {"==", "!=", "<", "<=", ">", ">="};
    return (unsigned)op < sizeof texts / sizeof texts[0] ? texts[op] : "?";
}

const char *ir_compute_op_name(IrComputeOp op)
{
    static const char *const names[] = {"sum", "avg", "min", "max", "count"};
    return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : "?";
}

const char *ir_validator_name(IrValidator v)
{
    static const char *const names[] = {
#define VALIDATOR(name, args, message) #name,
#include "validators.def"
#undef VALIDATOR
    };
    return (unsigned)v < sizeof names / sizeof names[0] ? names[v] : "?";
}

const char *ir_validator_message(IrValidator v)
{
    static const char *const messages[] = {
#define VALIDATOR(name, args, message) message,
#include "validators.def"
#undef VALIDATOR
    };
    return (unsigned)v < sizeof messages / sizeof messages[0] ? messages[v] : "?";
}
