# Mistake: subclasses ast.NodeVisitor, which ignores what visit methods return, so nothing is replaced.
# Fails the check: `1 + 2` becomes the constant 3
import ast


class FoldAdd(ast.NodeVisitor):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        if (isinstance(node.op, ast.Add)
                and isinstance(node.left, ast.Constant) and type(node.left.value) is int
                and isinstance(node.right, ast.Constant) and type(node.right.value) is int):
            return ast.Constant(node.left.value + node.right.value)
        return node


def fold(source):
    tree = ast.parse(source)
    FoldAdd().visit(tree)
    ast.fix_missing_locations(tree)
    return compile(tree, "<folded>", "exec")
